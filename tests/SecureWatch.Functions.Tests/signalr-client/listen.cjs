// Connects the SignalR JavaScript client to a SecureWatch hub and prints one JSON line per event:
// {"connected": id}, {"target": name, "arg": value}, {"failed": reason} or {"closed": reason}.
// Usage: SECUREWATCH_KEY=... node listen.cjs <hub url> [token|header|none] [WebSockets|ServerSentEvents|LongPolling]
// Ends when its standard input closes.
"use strict";
const signalR = require("@microsoft/signalr");

const [url, auth = "token", transport = "WebSockets"] = process.argv.slice(2);
const key = process.env.SECUREWATCH_KEY ?? "";
const options = { transport: signalR.HttpTransportType[transport] };
if (auth === "token") {
  options.accessTokenFactory = () => key;
} else if (auth === "header") {
  options.headers = { "x-functions-key": key };
}

const print = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const connection = new signalR.HubConnectionBuilder()
  .withUrl(url, options)
  .configureLogging(signalR.LogLevel.None)
  .build();
for (const target of ["prediction", "alert", "sourceStatus", "alertUpdated"]) {
  connection.on(target, (arg) => print({ target, arg }));
}
connection.onclose((error) => {
  print({ closed: error ? String(error) : "" });
  process.exit(0);
});
connection.start().then(
  () => print({ connected: connection.connectionId ?? "" }),
  (error) => {
    print({ failed: String(error) });
    process.exit(2);
  });
process.stdin.on("end", () => connection.stop().finally(() => process.exit(0)));
process.stdin.resume();
