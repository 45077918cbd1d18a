/// Hands out backup_set_id values. One numbering is shared by every instance of a run, so
/// the union of all replicas' history keeps each id unique.
public final class BackupSetNumbering {
    private var next = 1
    public init() {}

    public func take() -> Int {
        defer { next += 1 }
        return next
    }
}
