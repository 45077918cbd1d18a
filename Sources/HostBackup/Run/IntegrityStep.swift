import SnapWriter

/// The `corruptPage` and `checkdb` steps: damage one page on one VM's `D:` volume, and run
/// DBCC CHECKDB on one replica.
struct IntegrityStep {
    let world: World

    /// Flips bytes of one data page on that VM's volume. The step fails, with SnapWriter's
    /// text and no SQL Server message, only for a page that is not one of the table's data
    /// pages.
    func corruptPage(_ page: Int, of database: String, on vm: String, index: Int) -> StepResult {
        var result = StepResult(index: index, kind: "corruptPage", vm: vm, ok: true)
        if case .failure(let refusal) = world.engine.corruptPage(page, of: database, on: vm) {
            result.ok = false
            result.text = refusal.text
        }
        return result
    }

    /// DBCC CHECKDB on that replica: `ok` while it finds no error; otherwise `msg` is the
    /// first error's number and `text` what CHECKDB printed from the first error on.
    func checkdb(_ database: String, on vm: String, index: Int) -> StepResult {
        var result = StepResult(index: index, kind: "checkdb", vm: vm, ok: true)
        switch world.engine.checkdb(database, on: vm) {
        case .failure(let refusal):
            result.ok = false
            result.msg = refusal.msg
            result.text = refusal.text
        case .success(let check):
            result.checkdb = check
            result.ok = check.isClean
            result.msg = check.msg
            result.text = check.text
        }
        return result
    }
}
