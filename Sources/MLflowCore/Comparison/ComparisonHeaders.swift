/// The column headers of a comparison: run names made unique.
enum ComparisonHeaders {
    /// How many characters of a run id a header shows at first.
    static let shortIdLength = 6

    /// One column per run. A run without a name is headed by its short id; runs from several
    /// experiments carry the experiment's name (`sweep [mnist]`); headers that still collide get the
    /// run's short id (`sweep (3f2a9c)`), longer where short ids collide too.
    static func columns(_ runs: [ComparedRun]) -> [ComparisonColumn] {
        let severalExperiments = Set(runs.map(\.run.info.experimentId)).count > 1
        var columns = runs.map { compared -> ComparisonColumn in
            let info = compared.run.info
            var base = info.runName.isEmpty ? String(info.runId.prefix(shortIdLength)) : info.runName
            if severalExperiments { base += " [\(compared.experimentName ?? info.experimentId)]" }
            return ComparisonColumn(
                runId: info.runId, runName: info.runName, experimentId: info.experimentId,
                experimentName: compared.experimentName, header: base)
        }
        var count: [String: Int] = [:]
        for column in columns { count[column.header, default: 0] += 1 }
        let colliding = columns.indices.filter { (count[columns[$0].header] ?? 0) > 1 }
        guard !colliding.isEmpty else { return columns }
        // The shortest id prefix (at least six characters) that tells the colliding runs apart.
        let ids = colliding.map { columns[$0].runId }
        let longest = ids.map(\.count).max() ?? shortIdLength
        var length = shortIdLength
        while length < longest, Set(ids.map { $0.prefix(length) }).count < Set(ids).count { length += 1 }
        for index in colliding {
            columns[index].header += " (\(columns[index].runId.prefix(length)))"
        }
        // A run whose own name looks like another's decorated header, or the same run twice.
        var seen: [String: Int] = [:]
        for index in columns.indices {
            let header = columns[index].header
            seen[header, default: 0] += 1
            if let times = seen[header], times > 1 { columns[index].header += " #\(times)" }
        }
        return columns
    }
}
