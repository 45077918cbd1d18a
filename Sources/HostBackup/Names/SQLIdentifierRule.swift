/// Database and availability group names: SQL Server identifiers (`sysname`, nvarchar(128)),
/// 1 to 128 characters (UTF-16 code units, as nvarchar counts them), no control characters.
/// Anything else SQL Server takes in a delimited identifier (`[Sa/les]`) is accepted; where
/// such a name names a file it is encoded (`FileNameEncoding`), never used raw.
enum SQLIdentifierRule {
    static let maximumLength = 128
    static let allowed = "1 to \(maximumLength) characters (a sysname), no control characters"

    static func reason(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf16.count > maximumLength { return "it has \(name.utf16.count) characters" }
        if let control = NameKind.controlCharacter(in: name) { return "it holds the control character \(control)" }
        return nil
    }
}
