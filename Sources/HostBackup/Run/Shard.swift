/// One of N processes sharing a fleet's run (`run --shard K/N`): each computes the whole
/// world (its availability groups span hosts, so no host's story can be told alone) but
/// serves the guest volumes, writes the VM images and keeps the per-VM evidence only for
/// its own hosts: host p (1-based, in `hosts` order) belongs to shard ((p − 1) mod N) + 1.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// K, from 1.
    public let index: Int
    /// N.
    public let count: Int

    /// `K/N` with 1 ≤ K ≤ N; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
              let index = Int(parts[0]), let count = Int(parts[1]), index >= 1, index <= count
        else { return nil }
        self.init(index: index, count: count)
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether the host at 1-based `position` in `hosts` is this shard's.
    public func owns(hostAt position: Int) -> Bool { (position - 1) % count + 1 == index }

    public var description: String { "\(index)/\(count)" }
}
