import Foundation
import Testing

/// The story the KVM examples tell, as a user runs it: the run's history.json, then
/// `snapwriter chain --apply` of the DBA's own full and differential. After a FULL through
/// the agent SQL Server refuses the differential (Msg 3136); after VssOption 5 it restores.
@Suite struct KvmChainStoryTests {
    @Test(arguments: [("kvm-full-breaks-dba-differential", false), ("kvm-vssoption-copy-keeps-chain", true)])
    func theDBAsFullAndDifferentialRestoreOnlyWhenTheAgentTookACopy(_ example: String, _ restores: Bool) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("snapwriter-\(example)-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try CLIProcess.run(["run", "examples/\(example).yaml", "--out", out.path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        // backup_set_id 1 is the DBA's full, 2 the agent's snapshot, 3 the DBA's differential.
        let chain = try CLIProcess.run(["chain", out.appendingPathComponent("history.json").path, "--apply", "1,3",
                                        "--format", "json"])
        #expect(chain.status == (restores ? 0 : 1))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(chain.stdout.utf8)) as? [String: Any])
        #expect(document["restorable"] as? Bool == restores)
        let error = document["error"] as? [String: Any]
        if restores {
            #expect(error == nil)
        } else {
            #expect(error?["msg"] as? Int == 3136)
            #expect(error?["text"] as? String == "This differential backup cannot be restored because the database "
                + "has not been restored to the correct earlier state.")
        }
    }
}
