/// What a backup image of a volume is good for, as `ImageVerifier` judges it from the image
/// alone and from who quiesced the volume when its snapshot was taken.
public enum ImageConsistency: String, CaseIterable, Sendable {
    /// Every database on the volume was frozen by the SQL writer at the snapshot point, and
    /// every page is whole and covered by the log in the image.
    case applicationConsistent = "application-consistent"
    /// Every page is whole and covered by the log in the image, but no writer quiesced (all
    /// of) it: what a power cut leaves, which crash recovery brings back.
    case crashConsistent = "crash-consistent"
    /// The image does not hold one point in time: a page is torn (its two 4 KiB halves come
    /// from different writes), or a page is newer than the log the image holds.
    case torn
}
