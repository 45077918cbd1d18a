import Testing
@testable import SnapWriter

@Suite struct VSSVocabularyTests {
    @Test func writerStatesHaveTheirSDKNumbers() {
        #expect(WriterState.stable.rawValue == 1)
        #expect(WriterState.waitingForBackupComplete.rawValue == 5)
        #expect(WriterState.failedAtPrepareSnapshot.rawValue == 8)
        #expect(WriterState.failedAtPrepareSnapshot.name == "VSS_WS_FAILED_AT_PREPARE_SNAPSHOT")
        #expect(WriterState.failedAtBackupShutdown.rawValue == 15)
        #expect(WriterState.allCases.count == 16)
    }

    @Test func vssadminLabelsKeyOnTheNumber() {
        #expect(WriterState.stable.vssadminLabel == "[1] Stable")
        #expect(WriterState.waitingForFreeze.vssadminLabel == "[2] Waiting for freeze")
        #expect(WriterState.waitingForThaw.vssadminLabel == "[3] Frozen")
        #expect(WriterState.waitingForBackupComplete.vssadminLabel == "[5] Waiting for completion")
        #expect(WriterState.failedAtPrepareSnapshot.vssadminLabel == "[8] Failed")
    }

    @Test func hresultsPrintAsWindowsDoes() {
        #expect(HResult.writerErrorNonRetryable.hex == "0x800423F4")
        #expect(HResult.writerErrorNonRetryable.name == "VSS_E_WRITERERROR_NONRETRYABLE")
        #expect(HResult.holdWritesTimeout.hex == "0x80042314")
        #expect(HResult.snapshotSetInProgress.hex == "0x80042316")
        #expect(HResult.ok.hex == "0x00000000")
        #expect(HResult(text: "0x800423f4") == .writerErrorNonRetryable)
        #expect(HResult(text: "VSS_E_WRITERERROR_TIMEOUT") == .writerErrorTimeout)
        #expect(HResult(text: "0x1234567890") == nil)
        #expect(HResult.writerErrorNonRetryable.vssadminLastError == "Non-retryable error")
        #expect(HResult.writerErrorTimeout.vssadminLastError == "Timed out")
    }

    @Test func writerFailuresMapToWriterErrors() {
        #expect(WriterFailure.retryable.hresult.hex == "0x800423F3")
        #expect(WriterFailure.nonretryable.hresult.hex == "0x800423F4")
        #expect(WriterFailure.timeout.hresult.hex == "0x800423F2")
        #expect(WriterFailure.outOfResources.hresult.hex == "0x800423F1")
        #expect(WriterFailure.inconsistentSnapshot.hresult.hex == "0x800423F0")
        #expect(WriterFailure.partialFailure.hresult.hex == "0x80042336")
    }

    @Test func backupTypesHaveTheirSDKNumbers() {
        #expect(BackupType.full.rawValue == 1)
        #expect(BackupType.copy.rawValue == 5)
        #expect(BackupType.full.name == "VSS_BT_FULL")
        #expect(!BackupType.copy.updatesHistory)
    }

    @Test func wellKnownWriterIds() {
        #expect(WriterIdentity.sqlServer.writerId == "{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}")
        #expect(WriterIdentity.hyperV.writerId == "{66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}")
        #expect(WriterIdentity.system.writerId == "{e8132975-6f93-4464-a53e-1050253ae220}")
        #expect(WriterIdentity.sqlServer.level > WriterIdentity.system.level)
    }
}
