#!/bin/sh
# nodemailer's sendmail transport ({sendmail: true, path: postie}),
# installed from npm into a cache folder of the build tree when npm is at
# hand: it runs "sendmail -i -f ADDR rcpt..." with To, Cc and Bcc
# recipients as arguments and writes its own Date and Message-ID; postie
# sends no Bcc: and the body arrives intact. A 451 at RCPT makes
# sendMail() fail.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need node nodejs
need npm npm
NODE_DIR=${TESTS_BUILDDIR:-$T}/clients/node
if [ ! -f "$NODE_DIR/node_modules/nodemailer/package.json" ]; then
	mkdir -p "$NODE_DIR" || hard_error "mkdir $NODE_DIR failed"
	timeout 40 npm install --prefix "$NODE_DIR" --cache "$NODE_DIR/cache" \
	    --no-audit --no-fund --no-save --no-package-lock --loglevel=error \
	    nodemailer@6 >"$T/npm.log" 2>&1 ||
	    skip "npm could not install nodemailer: $(tail -n 1 "$T/npm.log")"
fi
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.js" <<'JS'
const fs = require("fs");
const nodemailer = require("nodemailer");
const [sendmail, bodyfile, to] = process.argv.slice(2);
const transport = nodemailer.createTransport({sendmail: true,
    newline: "unix", path: sendmail});
transport.sendMail({from: "Node Sender <node@example.com>", to: to,
    cc: "carol@example.org", bcc: "bcc@example.org",
    subject: "nodemailer test", text: fs.readFileSync(bodyfile, "utf8")},
    (err, info) => {
        if (err) {
            console.log("failed: " + err.message);
            process.exit(1);
        }
        console.log("sent");
    });
JS
run_client env NODE_PATH="$NODE_DIR/node_modules" node "$T/send.js" \
    "$SENDMAIL" "$CLIENTS/data/body.txt" alice@example.org
assert_exit 0
assert_stdout_contains sent
assert_argv '[-i][-f][node@example.com][alice@example.org][carol@example.org][bcc@example.org]'
assert_wrapper_exit 0
assert_envelope_from node@example.com
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
assert_message 1 --body "$CLIENTS/data/body.txt" \
    --header "To: alice@example.org" \
    --header "From: Node Sender <node@example.com>" \
    --header "Subject: nodemailer test"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

run_client env NODE_PATH="$NODE_DIR/node_modules" node "$T/send.js" \
    "$SENDMAIL" "$CLIENTS/data/body.txt" later@example.org
assert_exit 1
assert_stdout_contains "failed: "
assert_wrapper_exit 75 2
