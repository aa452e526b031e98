import MLflowClient

/// The JSON of the artifact commands: snake_case keys, sorted; sizes as exact byte counts.
extension JSONOutput {
    /// `[{"is_dir": false, "path": "model/MLmodel", "size": 512}, ...]` (size null for folders).
    static func artifacts(_ entries: [ArtifactEntry]) -> [UInt8] {
        var w = JSONWriter()
        w.beginArray()
        for entry in entries {
            w.beginObject()
            w.key("is_dir"); w.bool(entry.isDir)
            w.key("path"); w.string(entry.path)
            w.key("size"); entry.isDir ? w.null() : w.int(entry.fileSize ?? 0)
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }

    /// What a dry run would write: each file with its size and local path.
    static func downloadPlan(_ rows: [(path: String, size: Int64, destination: String)], totalBytes: Int64) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("files")
        w.beginArray()
        for row in rows {
            w.beginObject()
            w.key("destination"); w.string(row.destination)
            w.key("path"); w.string(row.path)
            w.key("size"); w.int(row.size)
            w.endObject()
        }
        w.endArray()
        w.key("total_bytes"); w.int(totalBytes)
        w.endObject()
        return w.bytes
    }

    /// How a download ended.
    static func downloadReport(_ report: DownloadReport) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("bytes"); w.int(report.bytes)
        w.key("destination"); w.string(report.destination)
        w.key("failed")
        w.beginArray()
        for failure in report.failed {
            w.beginObject()
            w.key("error"); w.string(failure.message)
            w.key("path"); w.string(failure.path)
            w.endObject()
        }
        w.endArray()
        w.key("skipped")
        w.beginArray()
        for path in report.skipped { w.string(path) }
        w.endArray()
        w.key("written")
        w.beginArray()
        for path in report.written { w.string(path) }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}
