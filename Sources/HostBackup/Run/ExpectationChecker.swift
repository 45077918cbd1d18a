import SnapWriter

/// Holds a run's result against a scenario's `expect:` block, path by path, in the order
/// the block was written. Values compare as the JSON report spells them.
struct ExpectationChecker {
    let result: RunResult

    func check(_ expect: Expectations) -> [ExpectationResult] {
        var checks: [ExpectationResult] = []
        let host = result.verdictHostBackup
        if let expected = expect.result {
            checks.append(.init(path: "result", expected: expected, actual: host.map { $0.succeeded ? "succeeded" : "failed" }))
        }
        if let expected = expect.hresult {
            // A host backup that succeeded has no failure code: S_OK, as an expectation spells it.
            let actual = host.map { ($0.hresult ?? .ok).hex }
            checks.append(.init(path: "hresult", expected: HResult(text: expected)?.hex ?? expected, actual: actual))
        }
        for vmExpect in expect.vms {
            // As the run document's `vms[]` has it: the last host backup that took the VM in
            // (on a fleet, its own host's; the verdict's night may be another host's).
            checks += check(vmExpect, host: result.lastHostBackup(of: vmExpect.vm) ?? host)
        }
        for jobExpect in expect.jobs {
            checks += check(jobExpect)
        }
        for stepExpect in expect.steps {
            let step = result.steps.first { $0.index == stepExpect.index }
            let path = "steps.\(stepExpect.index)"
            if let msg = stepExpect.msg {
                checks.append(.init(path: "\(path).msg", expected: String(msg), actual: step?.msg.map(String.init)))
            }
            if let ok = stepExpect.ok {
                checks.append(.init(path: "\(path).ok", expected: String(ok), actual: step.map { String($0.ok) }))
            }
            if let skipped = stepExpect.skipped {
                checks.append(.init(path: "\(path).skipped", expected: String(skipped),
                                    actual: step.map { String($0.skipped) }))
            }
        }
        return checks
    }

    /// A job's runs on its day (on every day when none is given; of one host when given).
    private func check(_ expect: JobExpectation) -> [ExpectationResult] {
        let runs = result.jobs.filter { run in
            run.name == expect.job && expect.day.map { $0 == run.day } != false && expect.time.map { $0 == run.time } != false
                && expect.host.map { $0 == run.host } != false && expect.vm.map { $0 == run.step.vm } != false
        }
        var path = "jobs.\(expect.job)"
        if let day = expect.day { path += ".day\(day)" }
        if let time = expect.time { path += ".\(time)" }
        if let host = expect.host { path += ".\(host)" }
        if let vm = expect.vm { path += ".\(vm)" }
        var checks: [ExpectationResult] = []
        for (suffix, expected, actual) in [
            ("result", expect.result, { (run: JobRun) in run.step.hostBackup.map { $0.succeeded ? "succeeded" : "failed" } }),
            ("hresult", expect.hresult.map { HResult(text: $0)?.hex ?? $0 }, { (run: JobRun) in
                run.step.hostBackup.map { ($0.hresult ?? .ok).hex } }),
            ("ok", expect.ok.map { String($0) }, { (run: JobRun) in String(run.step.ok) }),
            ("skipped", expect.skipped.map { String($0) }, { (run: JobRun) in String(run.step.skipped) }),
            ("msg", expect.msg.map { String($0) }, { (run: JobRun) in run.step.msg.map(String.init) }),
        ] as [(String, String?, (JobRun) -> String?)] {
            guard let expected else { continue }
            if runs.isEmpty { checks.append(.init(path: "\(path).\(suffix)", expected: expected, actual: nil)) }
            for run in runs {
                let which = runs.count > 1
                    ? "[day \(run.day) \(run.time)\(run.host.map { " \($0)" } ?? "")\(run.step.vm.map { " \($0)" } ?? "")]" : ""
                checks.append(.init(path: "\(path)\(which).\(suffix)", expected: expected, actual: actual(run)))
            }
        }
        return checks
    }

    private func check(_ expect: VMExpectation, host: HostBackupResult?) -> [ExpectationResult] {
        let path = "vms.\(expect.vm)"
        let vmResult = host?.vms.first { $0.vm == expect.vm }
        let vm = result.end.vm(named: expect.vm)
        var checks: [ExpectationResult] = []
        if let method = expect.method {
            checks.append(.init(path: "\(path).method", expected: method,
                                actual: vmResult?.method.rawValue ?? vm?.backupMethod.rawValue))
        }
        if let status = expect.result {
            checks.append(.init(path: "\(path).result", expected: status, actual: vmResult?.status.rawValue))
        }
        if let consistency = expect.imageConsistency {
            checks.append(.init(path: "\(path).image.consistency", expected: consistency,
                                actual: vmResult?.image?.consistency.rawValue ?? "none"))
        }
        // A KVM host hears nothing of the guest's writers: what they say is the guest's own.
        let writers = vmResult.flatMap { $0.method.quiescesThroughAgent ? nil : $0.writers + $0.missingWriters }
            ?? vm?.allWriters ?? []
        for writerExpect in expect.writers {
            let status = writers.first { $0.name == writerExpect.writer }
            let writerPath = "\(path).writers.\(writerExpect.writer)"
            if let state = writerExpect.state {
                checks.append(.init(path: "\(writerPath).state", expected: state, actual: status?.state.name))
            }
            if let lastError = writerExpect.lastError {
                checks.append(.init(path: "\(writerPath).lastError", expected: HResult(text: lastError)?.name ?? lastError,
                                    actual: status?.lastError.name))
            }
        }
        checks += checkAgent(expect, vmResult: vmResult, path: path)
        for databaseExpect in expect.databases {
            let database = vmResult?.databases.first { $0.database == databaseExpect.database }
            let databasePath = "\(path).databases.\(databaseExpect.database)"
            if let backedUp = databaseExpect.backedUp {
                checks.append(.init(path: "\(databasePath).backedUp", expected: String(backedUp),
                                    actual: String(database?.inBackup ?? false)))
            }
            if let quiesced = databaseExpect.quiesced {
                let check = vmResult?.image?.verification.databases.first { $0.database == databaseExpect.database }
                checks.append(.init(path: "\(databasePath).quiesced", expected: String(quiesced),
                                    actual: check.map { String($0.quiesced) }))
            }
            if let copyOnly = databaseExpect.isCopyOnly {
                checks.append(.init(path: "\(databasePath).isCopyOnly", expected: String(copyOnly),
                                    actual: database?.backupSet?.isCopyOnly.map { String($0) }))
            }
        }
        return checks
    }

    /// How the KVM host's freeze and thaw ended, and the thaw's error text.
    private func checkAgent(_ expect: VMExpectation, vmResult: VMBackupResult?, path: String) -> [ExpectationResult] {
        let calls = vmResult?.guestAgent?.calls ?? []
        func ending(_ command: String) -> String {
            guard let call = calls.last(where: { $0.command == command }) else { return "not-called" }
            switch call.answer {
            case .returned: return "returned"
            case .timedOut: return "timed-out"
            case .error, .unreadable: return "error"
            }
        }
        var checks: [ExpectationResult] = []
        if let freeze = expect.agentFreeze {
            checks.append(.init(path: "\(path).guestAgent.freeze", expected: freeze, actual: ending("guest-fsfreeze-freeze")))
        }
        if let thaw = expect.agentThaw {
            checks.append(.init(path: "\(path).guestAgent.thaw", expected: thaw, actual: ending("guest-fsfreeze-thaw")))
        }
        if let text = expect.agentThawError {
            let actual = calls.last { $0.command == "guest-fsfreeze-thaw" }?.failureText
            checks.append(.init(path: "\(path).guestAgent.thawError", expected: text, actual: actual))
        }
        return checks
    }
}
