/// The pieces guest volumes read and write in. None crosses a multiple of `size`, so on a
/// FUSE volume each is one request; a volume fault decides once per piece, on FUSE and
/// memory volumes alike, and the same seed hits the same operations on both.
public enum VolumeIOPieces {
    public static let size = 128 << 10

    /// The byte ranges `count` bytes at `offset` are cut into.
    public static func ranges(offset: Int, count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = offset
        let end = offset + count
        while start < end {
            let next = min(end, (start / size + 1) * size)
            ranges.append(start..<next)
            start = next
        }
        return ranges
    }
}
