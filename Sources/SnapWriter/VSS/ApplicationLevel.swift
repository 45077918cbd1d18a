/// VSS_APPLICATION_LEVEL: Freeze goes to front-end writers first, then back-end, then system.
public enum ApplicationLevel: Int, Sendable, Comparable {
    case unknown = 0
    case system = 1
    case backEnd = 2
    case frontEnd = 3

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
