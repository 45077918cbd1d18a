import Foundation
import Synchronization

/// The serve figures: a host backup through the API against the same backup through
/// `snapwriter run`, each a `snapwriter` process of its own (this executable), and reads
/// of a VM's writers while a host backup runs.
struct ServeBackups {
    let options: BenchOptions
    let executable: String
    let runDirectory: String
    let progress: @Sendable (String) -> Void

    /// How often the client asks for a running backup's status.
    static let pollInterval: useconds_t = 1000

    /// serve-host-backup: `run` and `serve` alternating, each round starting with the other
    /// one, every sample a whole process from its start to its end.
    func measureHostBackup() throws(BenchError) -> [BenchFigure] {
        let scenario = try ServeScenario.write(into: runDirectory)
        var samples: [TargetRole: [Double]] = [:]
        var apiOnly: [Double] = []
        var results: [String: Int] = [:]
        let roles: [TargetRole] = [.run, .serve]
        for round in 0..<options.serveRuns {
            progress("serve-host-backup: round \(round + 1) of \(options.serveRuns)")
            for index in BenchSession.order(ofRound: round, count: roles.count) {
                let start = Monotonic.now()
                switch roles[index] {
                case .serve:
                    let server = try SnapWriterChild.serve(executable: executable, scenario: scenario, runDirectory: runDirectory)
                    let posted = Monotonic.now()
                    let status = try Self.hostBackup(port: server.port)
                    apiOnly.append(Monotonic.seconds(from: posted) * 1000)
                    results[status, default: 0] += 1
                    try server.stop()
                default:
                    try SnapWriterChild.run(executable: executable, scenario: scenario, runDirectory: runDirectory)
                }
                samples[roles[index], default: []].append(Monotonic.seconds(from: start) * 1000)
            }
        }
        let outcome = results.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return [
            BenchFigure(name: "serve-host-backup", unit: "ms", roles: roles, samples: samples, runs: options.serveRuns,
                        notes: [
                            "A host backup of examples/three-vms.yaml's host (3 VMs, FUSE volumes, no --out; the backup "
                                + "fails at VM3's writer, as the example's does) in a `snapwriter` process of its own, from "
                                + "starting the process to its exit. run: `snapwriter run`. serve: `snapwriter serve --listen "
                                + "127.0.0.1:0` until it prints where it listens, POST /api/v1/hosts/HV01/backups, GET …/"
                                + "backups/{id} every 1 ms until not running (a new connection per request), then SIGTERM "
                                + "and its graceful end. Both build the same world and unmount it; rounds alternate which "
                                + "runs first.",
                            String(format: "serve's POST to the last status alone: median %.1f ms; backups %@.",
                                   Statistics.median(apiOnly) ?? 0, outcome),
                        ]),
        ]
    }

    /// POST a host backup and poll it until it is no longer running; its final status.
    static func hostBackup(port: UInt16) throws(BenchError) -> String {
        let id = try startBackup(port: port)
        while true {
            let status = try backupStatus(port: port, id: id)
            if status != "running" { return status }
            usleep(pollInterval)
        }
    }

    static func startBackup(port: UInt16) throws(BenchError) -> String {
        let answer = try LoopbackHTTP.request("POST", port: port, path: "/api/v1/hosts/\(ServeScenario.host)/backups",
                                              body: #"{"type": "full"}"#)
        guard answer.status == 202, let id = LoopbackHTTP.field("id", of: answer.body) else {
            throw BenchError("POST /api/v1/hosts/\(ServeScenario.host)/backups answered \(answer.status): \(answer.body)")
        }
        return id
    }

    static func backupStatus(port: UInt16, id: String) throws(BenchError) -> String {
        let path = "/api/v1/hosts/\(ServeScenario.host)/backups/\(id)"
        let answer = try LoopbackHTTP.request("GET", port: port, path: path)
        guard answer.status == 200, let status = LoopbackHTTP.field("status", of: answer.body) else {
            throw BenchError("GET \(path) answered \(answer.status): \(answer.body)")
        }
        return status
    }

    /// serve-concurrent-reads: in one server, `serveReadRounds` host backups; right after
    /// each is accepted (and a status request has found it running), `serveReaders` threads
    /// each send one GET /api/v1/vms/VM1/writers on a connection of their own, together.
    func measureConcurrentReads() throws(BenchError) -> [BenchFigure] {
        let scenario = try ServeScenario.write(into: runDirectory)
        let server = try SnapWriterChild.serve(executable: executable, scenario: scenario, runDirectory: runDirectory)
        var stopped = false
        defer { if !stopped { try? server.stop() } }
        let port = server.port
        let readers = options.serveReaders
        var latencies: [Double] = []
        var errors: [String] = []
        var overlapping = 0
        for round in 0..<options.serveReadRounds {
            progress("serve-concurrent-reads: round \(round + 1) of \(options.serveReadRounds), \(readers) readers")
            let results = Mutex<[(Double?, String?)]>([])
            let (finished, go) = Threads.start(readers) { _ in
                let start = Monotonic.now()
                let outcome: (Double?, String?)
                do {
                    let answer = try LoopbackHTTP.request("GET", port: port, path: "/api/v1/vms/VM1/writers")
                    let milliseconds = Monotonic.seconds(from: start) * 1000
                    if answer.status == 200, answer.body.contains("\"writers\"") {
                        outcome = (milliseconds, nil)
                    } else {
                        outcome = (milliseconds, "status \(answer.status): \(answer.body.prefix(200))")
                    }
                } catch {
                    outcome = (nil, (error as? BenchError)?.message ?? "\(error)")
                }
                results.withLock { $0.append(outcome) }
            }
            let id = try Self.startBackup(port: port)
            if try Self.backupStatus(port: port, id: id) == "running" { overlapping += 1 }
            Threads.release(go, count: readers)
            finished.wait()
            while try Self.backupStatus(port: port, id: id) == "running" { usleep(Self.pollInterval) }
            for (latency, error) in results.withLock({ $0 }) {
                if let latency { latencies.append(latency) }
                if let error { errors.append(error) }
            }
        }
        stopped = true
        try server.stop()
        let requests = readers * options.serveReadRounds
        let p50 = Statistics.percentile(50, latencies) ?? 0
        let p99 = Statistics.percentile(99, latencies) ?? 0
        var notes = [
            "One `snapwriter serve` process; \(options.serveReadRounds) host backups (POST /api/v1/hosts/HV01/backups), "
                + "each found running by a status request just before \(readers) threads send one GET /api/v1/vms/VM1/"
                + "writers each, together, every one on a connection of its own (HTTP/1.1, Connection: close); the "
                + "clock covers connect to the last byte of the answer. An error is a failed connection or an answer "
                + "other than 200 with the writers. Backups found running when the readers started: "
                + "\(overlapping) of \(options.serveReadRounds).",
            String(format: "Latency p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d requests; %d errors.",
                   p50, p99, latencies.max() ?? 0, requests, errors.count),
        ]
        if let first = errors.first { notes.append("First error: \(first).") }
        return [
            BenchFigure(name: "serve-concurrent-reads", unit: "ms", roles: [.serve], medians: [.serve: p99], runs: requests,
                        counts: [("requests", requests), ("errors", errors.count), ("overlapping", overlapping)],
                        percentiles: [("p50", p50), ("p99", p99)], notes: notes),
        ]
    }
}
