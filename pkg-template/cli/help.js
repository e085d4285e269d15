// The text of `rainbow-room-invitations --help`: every command, flag, environment variable and
// exit code. The README's "Command line" section says the same in prose.

export const HELP = `Usage: rainbow-room-invitations <invite|cancel> --room <id> [options]

Invites people to a Rainbow room, or cancels their invitation. The request is
validated before anything is sent, and retried only when the server provably
did not act on it.

Commands
  invite                      POST /api/rainbow/enduser/v1.0/rooms/<id>/invitations
  cancel                      POST /api/rainbow/enduser/v1.0/rooms/<id>/invitations/cancel

Request
  --room <id>                 the room: 24 hexadecimal characters (required)
  --scenario <name>           chat, pstn-conference or video-conference
                              (invite: required; cancel: the server's default is pstn-conference)
  --emails <list|@file>       e-mail addresses, separated by commas or spaces, or @file:
                              one address per line, or a CSV file with an e-mail column
                              (a header such as "Email", "Work Email", "E-mail" or "Mail",
                              else the column of addresses); @- reads standard input.
                              Repeatable. A file must be UTF-8 (Excel: "CSV UTF-8").
  --users <list|@file>        Rainbow user ids (24 hexadecimal characters), the same way
                              (CSV header such as "userId"). Ignored by chat invitations.
  --skip-invalid              leave out the rows and items that can't be used (a row that
                              is not valid CSV, an empty cell, an invalid address or id),
                              send the rest, and count them in the summary. Without it,
                              any of them stops the command before anything is sent.
  --conf-id <id>              conference id (pstn-conference, video-conference)
  --lang <tag>                language of the e-mails, such as en, fr, en-US (default en)
  --instant-message <text>    message of an instant meeting (invite, pstn/video-conference)
  --no-mail                   send no e-mail (pstn-conference)
  --update                    the e-mail says the meeting was updated (invite, pstn-conference)

Connection
  --host <url|name>           the Rainbow server: a URL, a host name with an optional port
                              (https:// is assumed, http:// for localhost, 127.x.x.x and
                              [::1]; a port alone is refused: write localhost:<port>),
                              "sandbox" or "official". Default: $RAINBOW_HOST
  --token <jwt>               the token. Default: $RAINBOW_TOKEN, which is better: a flag can
                              be seen by other users of the machine
  --token-file <file>         read the token from a file
  --timeout <ms>              time allowed for each attempt (default 30000)
  --max-retries <n>           0 to 10 (default 2); only a request the server provably did not
                              act on (429, 503 with Retry-After, a refused connection, a host
                              not found) is retried
  --allow-insecure-http       allow the token over plain http:// to a host other than this machine

Output
  --dry-run                   validate and print the request (method, URL, body); send nothing
  --json                      print the server's result, or the error, as JSON on standard
                              output, with the warnings under "warnings" (each problem and
                              warning with its flag, value, file and line)
  --verbose                   log each attempt on standard error (the token is redacted)
  -h, --help                  this help
  --version                   the package's version

Without --json, a short summary says who was invited, who became a guest (people without a
Rainbow account, who get an e-mail to create one), what the server found invalid and what
--skip-invalid left out (the first 10 of a long list, and how many more; --json has all).
Warnings (a duplicate sent once, a field the scenario ignores, a skipped row) go to standard
error. Every row of a file is sent or reported with its line.

Exit codes
  0  done
  1  unexpected failure
  2  invalid request, options, command line or file row; nothing was sent
  3  the server answered with an error (the request reached it), or with a success
     whose answer can't be read (the request was probably done: check the room
     before running the command again)
  4  network failure or timeout (check the host; the request may have reached the server)
  130 interrupted

Examples
  export RAINBOW_HOST=sandbox RAINBOW_TOKEN=…
  rainbow-room-invitations invite --room 56f42c1914e2a8a91b99e595 --scenario chat \\
      --emails ada@example.com,grace@example.com
  rainbow-room-invitations invite --room 56f42c1914e2a8a91b99e595 --scenario pstn-conference \\
      --users 5b1c2f3a4d5e6f7a8b9c0d02 --emails @guests.csv --lang fr --dry-run
  rainbow-room-invitations cancel --room 56f42c1914e2a8a91b99e595 --scenario chat \\
      --emails guest2@mycompany --json
`;
