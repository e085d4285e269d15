//! The errors are defined once, in `pkg-template/errors.js` (each class's name and code); the core
//! names the class of each error it builds. This holds the core's names to that definition.

use rainbow_room_invitations::error::ErrorKind;

#[test]
fn every_error_the_core_builds_is_a_class_of_errors_js() {
    let errors_js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/errors.js")).unwrap();
    for kind in ErrorKind::ALL {
        let definition = format!("kind('{}', 'ERR_", kind.name());
        assert!(errors_js.contains(&definition), "pkg-template/errors.js defines no class {}", kind.name());
    }
}
