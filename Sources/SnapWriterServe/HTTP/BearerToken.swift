/// `--token`: the one secret a request presents as `Authorization: Bearer TOKEN`. Compared in
/// constant time, so how long a refusal takes says nothing about how much of a guess was right.
public struct BearerToken: Sendable {
    private let expected: [UInt8]

    public init(_ token: String) {
        expected = Array("Bearer \(token)".utf8)
    }

    /// Whether the `Authorization` header's value is this token.
    public func admits(_ header: String?) -> Bool {
        let given = Array((header ?? "").utf8)
        // Every byte of the expected value is compared whatever the given length.
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
