/// Splits one line of a diskshadow script into words: blanks separate them, double quotes
/// keep a name with spaces in one word (`"System Writer"`), and `#` at the start of a word
/// outside quotes starts a comment to the end of the line.
enum DiskshadowLexer {
    /// The words of `line`; an unterminated quote is refused with the column.
    static func words(_ line: String) throws(LexError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoteColumn: Int?
        for (offset, character) in line.enumerated() {
            if quoteColumn != nil {
                if character == "\"" { quoteColumn = nil } else { current.append(character) }
                continue
            }
            switch character {
            case " ", "\t", "\r":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "#" where !inWord:
                return words
            case "\"":
                quoteColumn = offset + 1
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        if let quoteColumn { throw LexError(column: quoteColumn) }
        if inWord { words.append(current) }
        return words
    }

    /// A quote opened at `column` and never closed.
    struct LexError: Error {
        let column: Int
    }
}
