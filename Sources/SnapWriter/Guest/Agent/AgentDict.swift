/// A JSON object as QEMU's QDict keeps it: a 512-bucket hash table (`tdb_hash(key) % 512`)
/// that every writer and validator walks in ascending bucket order, newest entry first
/// within a bucket. That walk decides the member order on the wire (`{"return": …, "id": …}`)
/// and which of several bad envelope members is reported first.
struct AgentDict: Equatable {
    /// In insertion order; `ordered` gives QEMU's walk.
    private(set) var entries: [(key: [UInt8], value: AgentValue)] = []

    init() {}

    init(_ pairs: [(String, AgentValue)]) {
        for (key, value) in pairs { put(key, value) }
    }

    static func == (lhs: AgentDict, rhs: AgentDict) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    func contains(_ key: [UInt8]) -> Bool { entries.contains { $0.key == key } }

    subscript(key: String) -> AgentValue? {
        let bytes = Array(key.utf8)
        return entries.first { $0.key == bytes }?.value
    }

    var isEmpty: Bool { entries.isEmpty }

    /// `qdict_put_obj`: a key already present keeps its place and takes the new value.
    mutating func put(_ key: [UInt8], _ value: AgentValue) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append((key, value))
        }
    }

    mutating func put(_ key: String, _ value: AgentValue) { put(Array(key.utf8), value) }

    /// The entries as `qdict_first`/`qdict_next` visit them.
    var ordered: [(key: [UInt8], value: AgentValue)] {
        entries.enumerated()
            .sorted { lhs, rhs in
                let (left, right) = (Self.bucket(lhs.element.key), Self.bucket(rhs.element.key))
                return left != right ? left < right : lhs.offset > rhs.offset
            }
            .map(\.element)
    }

    /// QEMU's `tdb_hash` modulo `QDICT_BUCKET_MAX` (512), in 32-bit unsigned arithmetic.
    static func bucket(_ key: [UInt8]) -> Int {
        var value = UInt32(truncatingIfNeeded: 0x238F_13AF &* key.count)
        for (index, byte) in key.enumerated() {
            value = value &+ (UInt32(byte) << UInt32(index * 5 % 24))
        }
        return Int((1_103_515_243 &* value &+ 12345) % 512)
    }
}
