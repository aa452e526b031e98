import Foundation
import MLflowCore
@testable import MLflowSQLite
import TestFixtures
import Testing

/// The summary scanned in parts equals one scan and `MetricSummary.of` every point, on histories
/// made to trip the split: ties at the cut points, equal timestamps, points outside the guessed
/// span, NaN and ±max rows, one point, none; a WAL file is scanned alone; a writer cannot commit
/// between the parts.
@Suite(.enabled(if: FixtureStore.available))
struct SplitSummaryScanTests {
    /// Adds generated histories to a copy of the fixture database: run `parent` starts at 1000,
    /// and each key's `latest_metrics` row gives the guessed span's end.
    static let maker = #"""
        import sqlite3, sys
        path, run, points = sys.argv[1], sys.argv[2], sys.argv[3]
        db = sqlite3.connect(path)
        db.execute("UPDATE runs SET start_time = 1000 WHERE run_uuid = ?", (run,))
        for line in open(points):
            kind, key, ts, step, value, nan = line.split()
            if kind == "latest":
                db.execute("INSERT OR REPLACE INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, 0, ?, 0, 0, ?)",
                           (key, int(ts), run))
            else:
                db.execute("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)",
                           (key, float(value), int(ts), run, int(step), int(nan)))
        db.commit()
        if len(sys.argv) > 4:
            db.execute("PRAGMA journal_mode = " + sys.argv[4])
        db.close()
        """#

    /// Each key's points and the end of its guessed span (nil: no `latest_metrics` row).
    static func histories() -> [(key: String, latest: Int64?, points: [Metric])] { generated }

    /// Made once per test process: the random history must be the same for the database and the checks.
    static let generated = generate()

    static func generate() -> [(key: String, latest: Int64?, points: [Metric])] {
        func at(_ key: String, _ value: Double, _ timestamp: Int64, _ step: Int64) -> Metric {
            Metric(key: key, value: value, timestamp: timestamp, step: step)
        }
        // Cuts of 1000...2000 in 2, 3 and 4 parts: 1500; 1333, 1666; 1250, 1500, 1750.
        var ties: [Metric] = []
        for cut: Int64 in [1250, 1333, 1500, 1666, 1750] {
            for (offset, step) in [(0, 5), (0, 3), (1, 0), (-1, 9)] as [(Int64, Int64)] {
                ties += [at("ties", -2, cut + offset, step), at("ties", 7, cut + offset, step + 100)]
            }
        }
        ties += (0..<500).map { at("ties", Double($0 % 7) - 1, 1000 + Int64($0) * 2, Int64($0)) }
        let outside = [at("outside", 3, -5000, 0), at("outside", -9, 0, 1), at("outside", 0.5, 1050, 2),
                       at("outside", 9, 4_000_000_000, 3), at("outside", -9, 9_000_000, 4), at("outside", 9, 4_000_000_000, 2)]
        let sameTime = (0..<300).map { at("same-time", Double(($0 * 37) % 11), 1500, Int64(1000 - $0)) }
        let big = Double.greatestFiniteMagnitude
        var nonFinite = (0..<200).map { index -> Metric in
            let values: [Double] = [.nan, big, -big, 4, -4, 0]
            return at("non-finite", values[index % values.count], 1000 + Int64(index) * 5, Int64(index))
        }
        nonFinite.append(at("non-finite", .nan, 1500, 0))
        var generator = SystemRandomNumberGenerator()
        var seen = Set<String>()
        let random = (0..<4000).compactMap { _ -> Metric? in
            let point = at("random", Double(Int.random(in: -20...20, using: &generator)) / 4,
                           Int64.random(in: 900...2100, using: &generator), Int64.random(in: 0...30, using: &generator))
            return seen.insert("\(point.timestamp) \(point.step) \(point.value)").inserted ? point : nil
        }
        return [
            ("ties", 2000, ties), ("outside", 1100, outside), ("same-time", 2000, sameTime), ("non-finite", 2000, nonFinite),
            ("random", 2000, random), ("one", 2000, [at("one", 0.25, 1999, 7)]), ("none", 2000, []),
            ("no-latest", nil, [at("no-latest", 1, 1500, 0), at("no-latest", 0, 1600, 1)]),
            ("flat-span", 1000, [at("flat-span", 1, 1000, 0), at("flat-span", 0, 1600, 1), at("flat-span", 0, 900, 1)]),
        ]
    }

    /// A copy of the fixture database with the generated histories, in `journalMode` if given.
    static func database(_ name: String, journalMode: String? = nil) async throws -> (path: String, runId: String) {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("sqlite-split-summary-\(name)")
        let path = folder + "/mlflow.db"
        try FileManager.default.copyItem(atPath: Fixtures.sqlitePath, toPath: path)
        var lines: [String] = []
        for history in histories() {
            if let latest = history.latest { lines.append("latest \(history.key) \(latest) 0 0 0") }
            for point in history.points {
                let value = point.value.isNaN ? "0" : "\(point.value)"
                lines.append("point \(history.key) \(point.timestamp) \(point.step) \(value) \(point.value.isNaN ? 1 : 0)")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/points.txt", atomically: true, encoding: .utf8)
        try maker.write(toFile: folder + "/make.py", atomically: true, encoding: .utf8)
        let runId = try FixtureStore.runId("parent")
        try await PythonRunner.run(python, [folder + "/make.py", path, runId, folder + "/points.txt"] + (journalMode.map { [$0] } ?? []))
        return (path, runId)
    }

    @Test func partsGiveTheSummaryOfOneScan() async throws {
        let (path, runId) = try await Self.database("parts")
        let store = try SQLiteStore(path: path)
        for history in Self.histories() {
            let expected = MetricSummary.of(history.points)
            let single = try await store.summaryScan(runId: runId, key: history.key, parts: 1)
            #expect(single == SplitSummaryScan.Outcome(summary: expected, parts: 1), "\(history.key)")
            for parts in 2...4 {
                let split = try await store.summaryScan(runId: runId, key: history.key, parts: parts)
                #expect(split.summary == expected, "\(history.key) in \(parts) parts")
                // Without a latest point or with an empty guessed span there is nothing to cut.
                let cut = history.latest.map { $0 > 1000 } ?? false
                #expect(split.parts == (cut ? parts : 1), "\(history.key) in \(parts) parts")
            }
            #expect(try await store.metricSummary(runId: runId, key: history.key) == expected)
        }
        #expect(try await store.summaryScan(runId: runId, key: "absent", parts: 2) == SplitSummaryScan.Outcome(summary: .empty, parts: 1))
    }

    @Test func aFileInWALModeIsScannedAlone() async throws {
        let (path, runId) = try await Self.database("wal", journalMode: "wal")
        let store = try SQLiteStore(path: path)
        for history in Self.histories() {
            let split = try await store.summaryScan(runId: runId, key: history.key, parts: 2)
            #expect(split == SplitSummaryScan.Outcome(summary: MetricSummary.of(history.points), parts: 1), "\(history.key)")
        }
    }

    /// A writer that holds its write lock and commits when told: its commit then waits (holding
    /// the PENDING lock) for the readers' SHARED locks to go.
    static let writer = #"""
        import os, sqlite3, sys, time
        path, run, folder = sys.argv[1], sys.argv[2], sys.argv[3]
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('ties', -100, 1600, ?, 77, 0)", (run,))
        open(os.path.join(folder, "reserved"), "w").close()
        while not os.path.exists(os.path.join(folder, "commit")):
            time.sleep(0.01)
        db.execute("COMMIT")
        db.close()
        """#

    @Test func aWriterWaitingToCommitWaitsForEveryPart() async throws {
        let python = try MLflowPython.path()
        let (path, runId) = try await Self.database("writer")
        let folder = (path as NSString).deletingLastPathComponent
        try Self.writer.write(toFile: folder + "/writer.py", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: path)
        let before = MetricSummary.of(try #require(Self.histories().first { $0.key == "ties" }).points)
        let writing = Task { try await PythonRunner.run(python, [folder + "/writer.py", path, runId, folder]) }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: folder + "/reserved"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        // A writer holding its RESERVED lock does not stop the parts, nor can it commit meanwhile.
        #expect(try await store.summaryScan(runId: runId, key: "ties", parts: 2) == SplitSummaryScan.Outcome(summary: before, parts: 2))
        let split = try await store.summaryScan(runId: runId, key: "ties", parts: 3) {
            // The leader holds its lock: the writer now tries to commit and waits for it. Other
            // connections of this process share the process's lock, so they are not refused.
            FileManager.default.createFile(atPath: folder + "/commit", contents: nil)
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(split == SplitSummaryScan.Outcome(summary: before, parts: 3))
        try await writing.value
        let after = try await store.summaryScan(runId: runId, key: "ties", parts: 2)
        #expect(after.parts == 2)
        #expect(after.summary.count == before.count + 1)
        #expect(after.summary.min == MetricExtreme(value: -100, step: 77, timestamp: 1600))
    }
}
