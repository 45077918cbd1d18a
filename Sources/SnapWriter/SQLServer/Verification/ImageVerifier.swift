/// Checks a backup image of a guest's `D:` volume: for each database data file
/// (`Data/<db>.mdf`), every page in use against its checksum and page id, torn pages told
/// from damaged ones (`TornPageCheck`), and every page's LSN against the end of the log in the
/// database's log file in the same image (write-ahead logging). It reads the image's bytes
/// only; who quiesced the volume comes from the caller.
public struct ImageVerifier {
    /// The volume the image was taken of, for the file names problems print (`D:`).
    public let volumeName: String

    public init(volumeName: String = "D:") {
        self.volumeName = volumeName
    }

    /// Verifies `files` (the image's files by path). `quiesced` names the databases the SQL
    /// writer held frozen at the snapshot point: empty for a saved-state or offline image and
    /// for a snapshot the SQL writer took no part in.
    public func verify(_ files: [String: [UInt8]], quiesced: Set<String>) -> ImageVerification {
        let dataFiles = files.keys.filter { $0.hasSuffix(".mdf") }.sorted()
        let databases = dataFiles.map { path in
            check(path, data: files[path]!, files: files, quiesced: quiesced)
        }
        return ImageVerification(consistency: ImageVerification.verdict(databases), databases: databases)
    }

    private func check(_ dataPath: String, data: [UInt8], files: [String: [UInt8]],
                       quiesced: Set<String>) -> DatabaseImageCheck {
        let stem = String(dataPath.dropLast(".mdf".count))
        let database = FileNameEncoding.decode(String(stem.split(separator: "/").last ?? Substring(stem)))
        let logPath = stem + "_log.ldf"
        let windowsData = DatabaseFiles.windowsPath(volume: volumeName, dataPath)
        let logBytes = files[logPath]
        let endOfLog = logBytes.flatMap(TransactionLogFile.newestLsn(in:))
        let blocks = logBytes.map(TransactionLogFile.blocks(in:)) ?? []
        var problems: [ImageProblem] = []
        func problem(_ kind: ImageProblem.Kind, _ page: PageID?, _ detail: String) {
            problems.append(ImageProblem(kind: kind, database: database, file: windowsData, page: page, detail: detail))
        }
        if endOfLog == nil {
            let windowsLog = DatabaseFiles.windowsPath(volume: volumeName, logPath)
            problem(.missingLog, nil, logBytes == nil ? "the image holds no log file \(windowsLog): nothing covers "
                + "the data file's pages" : "\(windowsLog) is not a log file: nothing covers the data file's pages")
        }
        var newestPage: LSN?
        for number in 0..<DataFileLayout.pagesInUse {
            let id = PageID(page: UInt32(number))
            guard let page = DatabaseFiles.page(number, of: data) else {
                problem(.damaged, id, "the file ends before this page")
                continue
            }
            switch page.verify(as: id) {
            case .valid:
                break
            case .badChecksum(let stored, let computed):
                let checksums = "stored checksum \(CheckdbMessages.hex(stored, 8)), computed "
                    + CheckdbMessages.hex(computed, 8)
                if let evidence = TornPageCheck(page: id.page, blocks: blocks).tornEvidence(page) {
                    problem(.torn, id, "torn page: \(evidence) (\(checksums))")
                } else {
                    problem(.damaged, id, "incorrect checksum: \(checksums)")
                }
            case .wrongPageId(let found):
                problem(.damaged, id, "incorrect page id: the page says it is \(found)")
            case .badHeader:
                problem(.damaged, id, "no page header")
            }
            guard page.header != nil else { continue }
            newestPage = max(newestPage ?? page.lsn, page.lsn)
            if let endOfLog, page.lsn > endOfLog {
                problem(.newerThanLog, id, "page LSN \(page.lsn.hex) is newer than the end of the log in the image "
                    + "(\(endOfLog.hex)): the page was copied without the log that covers it")
            }
        }
        return DatabaseImageCheck(database: database, dataFile: dataPath, logFile: logBytes == nil ? nil : logPath,
                                  quiesced: quiesced.contains(database), pagesChecked: DataFileLayout.pagesInUse,
                                  endOfLog: endOfLog, newestPage: newestPage, problems: problems)
    }
}
