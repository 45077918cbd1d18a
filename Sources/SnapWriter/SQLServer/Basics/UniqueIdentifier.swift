/// SQL Server's uniqueidentifier as text. msdb prints it in upper case without braces, other
/// tools in lower case or in braces: all name the same GUID, so compare canonical forms.
public enum UniqueIdentifier {
    /// Lower case, without braces; nil when the text is not 8-4-4-4-12 hex digits.
    public static func canonical(_ text: String) -> String? {
        var body = Substring(text)
        if body.hasPrefix("{") && body.hasSuffix("}") { body = body.dropFirst().dropLast() }
        let groups = body.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12],
            groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isHexDigit } })
        else { return nil }
        return body.lowercased()
    }

    /// True when both texts name the same GUID; unreadable text matches only itself.
    public static func same(_ lhs: String, _ rhs: String) -> Bool {
        (canonical(lhs) ?? lhs) == (canonical(rhs) ?? rhs)
    }
}
