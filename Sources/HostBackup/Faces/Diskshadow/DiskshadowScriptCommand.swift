/// One diskshadow command as a script line states it. Words that may hold `%ALIAS%` or
/// `%VARIABLE%` stay as written; they are expanded when the command runs, since aliases
/// only exist once `create` has made the shadow copies.
enum DiskshadowScriptCommand: Equatable {
    enum Persistence: Equatable { case volatile, persistent, clientAccessible }
    enum WritersListing: String, Equatable { case metadata, detailed, status }
    enum ShadowQuery: Equatable {
        case all
        case set(String)
        case id(String)
    }
    enum Deletion: Equatable {
        case all
        case volume(String)
        case oldest(String)
        case set(String)
        case id(String)
        case exposed(String)
    }

    case showSettings
    case setContext(Persistence, noWriters: Bool)
    case setOption([String])
    case setVerbose(Bool)
    case setMetadata(String)
    case writerVerify(String)
    case writerExclude(String)
    case listAdded
    case addVolume(String, alias: String?)
    case addAlias(String, value: String)
    case create
    case beginBackup
    case endBackup
    case expose(String, as: String)
    case unexpose(String)
    case listWriters(WritersListing)
    case listShadows(ShadowQuery)
    case listProviders
    case deleteShadows(Deletion)
    case exec(String)
    case reset
    case exit
}

/// A command with where it stands in the script and the text diskshadow echoes for it.
struct DiskshadowLine: Equatable {
    let number: Int
    /// The line as written, trimmed: what diskshadow echoes after `-> `.
    let text: String
    let command: DiskshadowScriptCommand
}
