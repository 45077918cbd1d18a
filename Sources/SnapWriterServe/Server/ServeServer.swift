import Dispatch
import Foundation
import HostBackup
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SnapWriter

/// `snapwriter serve`: the world built and its steps run, the API served until SIGINT or
/// SIGTERM, then a graceful end: requests under way finish, `--out` gets its files, every
/// mount is unmounted.
public enum ServeServer {
    public struct Options: Sendable {
        public var listen: ListenAddress
        public var outDirectory: String?
        public var token: String?

        public init(listen: ListenAddress, outDirectory: String?, token: String?) {
            self.listen = listen
            self.outDirectory = outDirectory
            self.token = token
        }
    }

    /// Serves until a signal ends it. `say` prints a line on stdout (the one `listening on`
    /// line) and `warn` one on stderr.
    public static func run(_ scenario: Scenario, options: Options, say: @escaping @Sendable (String) -> Void,
                           warn: @escaping (String) -> Void) throws(ServeError) {
        if !options.listen.isLoopback, options.token == nil {
            throw .badInput("--listen \(options.listen.host) is not a loopback address; "
                + "give --token so that only callers with it can drive the server")
        }
        if scenario.schedule != nil {
            throw .badInput("\(scenario.name): 'schedule' belongs to 'snapwriter run'; serve runs a scenario's steps, "
                + "then whatever its callers ask for")
        }
        if scenario.expect != nil {
            throw .badInput("\(scenario.name): 'expect' belongs to 'snapwriter run'; serve drives the world "
                + "through its API and checks nothing by itself")
        }
        let world: WorldActor
        do {
            world = try WorldActor(scenario: scenario, outDirectory: options.outDirectory)
        } catch {
            switch error {
            case .scenario(let refusal): throw .badInput(refusal.description)
            case .environment(let reason): throw .environment(reason)
            }
        }
        for stale in world.cleanedStaleMounts {
            warn("cleaned a stale mount at \(stale) left by a server or run that was killed")
        }
        let outcome = Blocking.wait { try await serve(world, options: options, say: say) }
        if let failure = outcome {
            throw .environment("the server stopped: \(failure)")
        }
    }

    private static func serve(_ world: WorldActor, options: Options, say: @escaping @Sendable (String) -> Void)
        async throws
    {
        var logger = Logger(label: "snapwriter.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let responder = APIResponder(context: ServeContext(world: world), token: options.token.map(BearerToken.init))
        let listen = options.listen
        let out = options.outDirectory
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(listen.host, port: listen.port)),
            onServerRunning: { channel in
                let url = listen.url(port: channel.localAddress?.port ?? listen.port)
                if let out { writeServeFile(url: url, to: out) }
                say("listening on \(url)")
            },
            logger: logger)
        // Shut down in reverse order: the workload stops before the server does.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: application)]
        if world.scenario.clock == .real {
            services.append(.init(service: RealClockWorkload(world: world), successTerminationBehavior: .ignore))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        var serving: Error?
        do {
            try await group.run()
        } catch {
            serving = error
        }
        // Whatever ended the server, the world ends well: files written, mounts gone. The
        // agent sockets close first, from here: a client's bytes in flight wait for the world.
        world.closeAgentSockets()
        try await world.shutDown()
        if let serving { throw serving }
    }

    /// `DIR/serve.json`: where the server listens and its process, for whoever started it.
    private static func writeServeFile(url: String, to directory: String) {
        let document = JSONValue.object([("url", .string(url)), ("pid", .int(Int(getpid())))])
        guard let path = try? ConfinedPath.make(directory, "serve.json") else { return }
        try? (document.serialized(indent: 2) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// Runs async work to its end from synchronous code (the CLI's `run()`), on Swift's own
/// executors while the calling thread waits.
enum Blocking {
    private final class Box: @unchecked Sendable {
        // Written once by the task before it signals, read once after the wait.
        var error: (any Error)?
        let done = DispatchSemaphore(value: 0)
    }

    /// The error the work threw, nil when it finished.
    static func wait(_ work: @escaping @Sendable () async throws -> Void) -> (any Error)? {
        let box = Box()
        Task.detached {
            do {
                try await work()
            } catch {
                box.error = error
            }
            box.done.signal()
        }
        box.done.wait()
        return box.error
    }
}
