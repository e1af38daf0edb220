// Connects the SignalR JavaScript client to a SecureWatch hub and prints one JSON line per event:
// {"connected": id}, {"target": name, "arg": value}, {"failed": reason} or {"closed": reason}.
// Usage: SECUREWATCH_KEY=... node listen.cjs <api url, e.g. http://host:port/api> [auth] [WebSockets|ServerSentEvents|LongPolling]
// auth: token    - as the web UI: POST <api>/negotiate with the key in x-functions-key, then connect to the url it
//                  returns with accessTokenFactory fetching a fresh access token the same way;
//       redirect - the SignalR client's own redirect handling: withUrl(<api>) with the key in x-functions-key;
//       raw-key  - the API key itself as the access token, straight to the hub (<api>/live): must be refused;
//       none     - no credentials.
// Ends when its standard input closes.
"use strict";
const signalR = require("@microsoft/signalr");

const [api, auth = "token", transport = "WebSockets"] = process.argv.slice(2);
const key = process.env.SECUREWATCH_KEY ?? "";

async function negotiate() {
  const response = await fetch(`${api}/negotiate`, { method: "POST", headers: { "x-functions-key": key } });
  if (!response.ok) {
    throw new Error(`negotiate answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

async function build() {
  const options = { transport: signalR.HttpTransportType[transport] };
  let url = api;
  if (auth === "token") {
    const first = await negotiate();
    let pending = first.accessToken;
    url = first.url;
    options.accessTokenFactory = async () => {
      const token = pending ?? (await negotiate()).accessToken;
      pending = undefined;
      return token;
    };
  } else if (auth === "redirect") {
    options.headers = { "x-functions-key": key };
  } else if (auth === "raw-key") {
    url = `${api}/live`;
    options.accessTokenFactory = () => key;
  }
  return new signalR.HubConnectionBuilder().withUrl(url, options).configureLogging(signalR.LogLevel.None).build();
}

const print = (event) => process.stdout.write(JSON.stringify(event) + "\n");
build().then((connection) => {
  for (const target of ["prediction", "alert", "sourceStatus", "alertUpdated"]) {
    connection.on(target, (arg) => print({ target, arg }));
  }
  connection.onclose((error) => {
    print({ closed: error ? String(error) : "" });
    process.exit(0);
  });
  process.stdin.on("end", () => connection.stop().finally(() => process.exit(0)));
  return connection.start().then(() => print({ connected: connection.connectionId ?? "" }));
}).catch((error) => {
  print({ failed: String(error) });
  process.exit(2);
});
process.stdin.resume();
