/// m_type in a page header: what the page holds.
public enum PageType: UInt8, Sendable {
    case data = 1
    case index = 2
    case gam = 8
    case sgam = 9
    case iam = 10
    case pfs = 11
    case boot = 13
    case fileHeader = 15
    case differentialChangedMap = 16
    case bulkChangedMap = 17
}
