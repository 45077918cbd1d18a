import ArgumentParser
import Foundation
import HostBackup
import SnapWriterServe

/// `snapwriter serve`: the scenario's world kept alive behind the HTTP API of docs/api.md,
/// until SIGINT or SIGTERM.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the scenario's world over HTTP (docs/api.md).",
        discussion: """
            Builds the world, runs the scenario's steps, prints one line 'listening on \
            http://HOST:PORT' once the API answers and serves until SIGINT or SIGTERM; then \
            writes --out's files, unmounts every volume and exits 0. Exit 2 for bad input \
            (a bad scenario, one with 'expect', a non-loopback --listen without --token), 3 \
            when the machine cannot serve (the port is taken, FUSE is missing).
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "HOST:PORT to listen on; port 0 picks a free one.")
    var listen = "127.0.0.1:8787"

    @Option(help: """
        The run directory: volumes/, repository/, serve.json while serving; events.jsonl, \
        msdb.sqlite, history.json and result.json (snapwriter.serve/1) at the end.
        """)
    var out: String?

    @Option(help: "Every request but GET /api/v1/health must send 'Authorization: Bearer TOKEN'.")
    var token: String?

    func run() throws {
        let address: ListenAddress
        switch ListenAddress.parse(listen) {
        case .success(let parsed): address = parsed
        case .failure(let error): throw CommandExit.badInput(error.description)
        }
        if let token, token.isEmpty { throw CommandExit.badInput("--token must not be empty") }
        let loaded = try ScenarioLoading.load(scenario)
        do {
            try ServeServer.run(loaded, options: .init(listen: address, outDirectory: out, token: token),
                                say: { Output.print($0) }, warn: { Output.error($0) })
        } catch {
            switch error {
            case .badInput(let message): throw CommandExit.badInput(message)
            case .environment(let message): throw CommandExit.environment(message)
            }
        }
    }
}
