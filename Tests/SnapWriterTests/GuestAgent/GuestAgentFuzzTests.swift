import Foundation
import Testing
@testable import SnapWriter

/// Random and mutated bytes never crash the agent, and it always answers a valid request
/// afterwards once a 0xFF has flushed whatever was left half-read. Seeded, so a failure
/// replays: its message gives the seed (SNAPWRITER_GUEST_AGENT_SEED picks another) and round.
@Suite struct GuestAgentFuzzTests {
    static let seeds: [[UInt8]] = [
        #"{"execute":"guest-sync","arguments":{"id":1},"id":"__qmp#00001"}"#,
        #"{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/","/data"]}}"#,
        "{'execute': 'guest-info'}\n",
        #"{"execute":"guest-sync-delimited","arguments":{"id":1234501}}"# + "\n" + #"{"execute":"guest-fsfreeze-thaw"}"#,
        #"[1, -2.5e3, true, null, "\u00e9\ud83d\ude00", {"a": []}]"#,
    ].map { Array($0.utf8) }

    static func mutate(_ seed: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = seed
        let fragments: [[UInt8]] = ["{", "}", "[", "]", "\"", "'", "\\", "\\u", ":", ",", "\n", "\u{0}", "tru", "1e", "-",
                                    "\u{FFFF}"].map { Array($0.utf8) } + [[0xFF], [0xFE], [0xC3], [0x80]]
        for _ in 0..<(1 + Int(random.next() % 6)) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(contentsOf: fragments[Int(random.next() % UInt64(fragments.count))], at: position)
            case 2 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 3: bytes += (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default: bytes = Array(bytes[..<position]) + bytes
            }
        }
        return bytes
    }

    @Test func randomInputNeverWedgesTheAgent() {
        let seed = ProcessInfo.processInfo.environment["SNAPWRITER_GUEST_AGENT_SEED"].flatMap { UInt64($0) } ?? 16
        let replay = "replay: SNAPWRITER_GUEST_AGENT_SEED=\(seed) swift test --filter GuestAgentFuzzTests"
        var random = SeededRandom(seed: seed)
        for round in 0..<2000 {
            let system = GuestAgentTestSystem(round % 2 == 0 ? .linux : .windows)
            let agent = GuestAgent(system: system, version: GuestAgent.defaultVersion, clock: { 0 }, limits: .qemu)
            var input = Self.mutate(Self.seeds[round % Self.seeds.count], &random)
            if round % 3 == 0 { input += Self.mutate(Self.seeds[(round + 1) % Self.seeds.count], &random) }
            // In pieces of random size, as a socket would deliver them.
            var index = 0
            var reply: [UInt8] = []
            while index < input.count {
                let size = 1 + Int(random.next() % 17)
                reply += agent.receive(Array(input[index..<min(input.count, index + size)]))
                index += size
            }
            #expect(Self.everyLineIsJSON(reply), "\(replay) (round \(round), input \(input))")
            _ = agent.receive(Array(#"{"execute":"guest-fsfreeze-thaw"}"#.utf8))
            let after = agent.receive([0xFF] + Array(#"{"execute":"guest-sync","arguments":{"id":99},"id":"end"}"#.utf8))
            let text = String(decoding: after, as: UTF8.self)
            #expect(text.hasSuffix("{\"return\": 99, \"id\": \"end\"}\n"), "\(replay) (round \(round), input \(input)) → \(text)")
        }
    }

    /// Each reply line (the sentinel aside) parses as JSON with `return` or `error`, once
    /// the `inf` and `nan` QEMU's writer prints for an out-of-range number are read as 0.
    static func everyLineIsJSON(_ reply: [UInt8]) -> Bool {
        for line in reply.split(separator: 0x0A) {
            let text = String(decoding: line.first == 0xFF ? line.dropFirst() : line[...], as: UTF8.self)
            let readable = text.contains("inf") || text.contains("nan")
                ? text.replacing(#/([\[:, ])-?(?:inf|nan)(?=[,\]} ])/#) { $0.output.1 + "0" } : text
            let body = Data(readable.utf8)
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  object["return"] != nil || object["error"] != nil else { return false }
        }
        return reply.isEmpty || reply.last == 0x0A
    }
}
