//! The wasm heap: a bump allocator that starts over whenever nothing is allocated.
//!
//! Every export runs to completion without calling back into JS and keeps nothing between
//! calls, and the glue frees each call's arguments and result. So between calls the heap is
//! empty, and within one call nothing needs to be reused: freeing is counting, and an allocation
//! is an addition. Against a general allocator (talc), that takes a fifth off a small call and
//! about 1 KB off the .wasm. Memory is what the largest call allocated in total;
//! `tests/node/memory.test.mjs` checks that repeated calls don't grow it.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::{memory_grow, memory_size};
use core::cell::Cell;
use core::ptr::null_mut;

const PAGE: usize = 65_536;

pub struct Arena {
    /// Where the heap starts: the end of the memory when first used (the stack and static data
    /// lie below it).
    base: Cell<usize>,
    /// The next free byte.
    top: Cell<usize>,
    /// The end of the memory.
    end: Cell<usize>,
    /// Blocks allocated and not yet freed.
    live: Cell<usize>,
}

// wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for Arena {}

impl Arena {
    pub const fn new() -> Arena {
        Arena { base: Cell::new(0), top: Cell::new(0), end: Cell::new(0), live: Cell::new(0) }
    }

    /// Makes the memory reach `new_top`; false when it can't grow.
    fn reach(&self, new_top: usize) -> bool {
        if new_top <= self.end.get() {
            return true;
        }
        let pages = (new_top - self.end.get()).div_ceil(PAGE);
        if memory_grow(0, pages) == usize::MAX {
            return false;
        }
        self.end.set(self.end.get() + pages * PAGE);
        true
    }
}

impl Default for Arena {
    fn default() -> Arena {
        Arena::new()
    }
}

unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.base.get() == 0 {
            let start = memory_size(0) * PAGE;
            self.base.set(start);
            self.top.set(start);
            self.end.set(start);
        }
        // Alignments are powers of two.
        let start = (self.top.get() + layout.align() - 1) & !(layout.align() - 1);
        let Some(new_top) = start.checked_add(layout.size()) else { return null_mut() };
        if !self.reach(new_top) {
            return null_mut();
        }
        self.top.set(new_top);
        self.live.set(self.live.get() + 1);
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let live = self.live.get().saturating_sub(1);
        self.live.set(live);
        if live == 0 {
            self.top.set(self.base.get());
        } else if ptr as usize + layout.size() == self.top.get() {
            // The last block: its bytes can be handed out again at once.
            self.top.set(ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The last block (a growing Vec or String, most often) grows or shrinks in place.
        if ptr as usize + layout.size() == self.top.get() {
            if let Some(new_top) = (ptr as usize).checked_add(new_size) {
                if self.reach(new_top) {
                    self.top.set(new_top);
                    return ptr;
                }
            }
            return null_mut();
        }
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
