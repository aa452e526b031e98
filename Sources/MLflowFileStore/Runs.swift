import Foundation
import Synchronization
import MLflowCore

/// A run's folder inside its experiment's folder.
struct RunFolder {
    var experiment: ExperimentFolder
    var runId: String
    var path: String
}

/// What one read of many runs shares: each experiment's dataset records, read once.
struct ReadContext {
    var datasets: [String: Dataset?] = [:]
}

extension FileStore {
    /// The run folders of an experiment: every subfolder except MLflow's reserved ones.
    func runFolders(in experiment: ExperimentFolder) -> [RunFolder] {
        (FileSystem.list(experiment.path) ?? []).compactMap { entry in
            guard entry.isDirectory, !entry.name.hasPrefix("."),
                  !Self.reservedExperimentFolders.contains(entry.name) else { return nil }
            return RunFolder(experiment: experiment, runId: entry.name, path: experiment.path + "/" + entry.name)
        }
    }

    /// The folder of one run, in whichever experiment (live or deleted) holds it.
    func runFolder(id: String) -> RunFolder? {
        guard isSafePathComponent(id), !id.hasPrefix("."), !Self.reservedExperimentFolders.contains(id) else { return nil }
        for experiment in experimentFolders(view: .all) {
            let path = experiment.path + "/" + id
            if FileSystem.exists(path + "/meta.yaml") {
                return RunFolder(experiment: experiment, runId: id, path: path)
            }
        }
        return nil
    }

    /// A run's `meta.yaml`; nil when unusable. A folder without one is not a run (MLflow keeps
    /// artifacts in the same tree), so only broken files are noted.
    func readRunInfo(_ folder: RunFolder) -> RunInfo? {
        let meta: MetaYAML
        do {
            meta = try MetaYAML(folder: folder.path)
        } catch {
            if case .missing = error { return nil }
            warn("run folder '\(relative(folder.path))' skipped: \(error)")
            return nil
        }
        let recordedId = meta.string("run_id") ?? meta.string("run_uuid")
        guard recordedId == folder.runId else {
            warn("run folder '\(relative(folder.path))' skipped: meta.yaml records run id '\(recordedId ?? "")'")
            return nil
        }
        guard let experimentId = meta.string("experiment_id"), experimentId == folder.experiment.id else {
            warn("run folder '\(relative(folder.path))' skipped: meta.yaml records experiment '\(meta.string("experiment_id") ?? "")'")
            return nil
        }
        guard let status = Self.runStatus(meta) else {
            warn("run folder '\(relative(folder.path))' skipped: unknown status '\(meta.string("status") ?? "")'")
            return nil
        }
        var stage = LifecycleStage.active
        if let recorded = meta.string("lifecycle_stage") {
            guard let parsed = LifecycleStage(rawValue: recorded) else {
                warn("run folder '\(relative(folder.path))' skipped: unknown lifecycle_stage '\(recorded)'")
                return nil
            }
            stage = parsed
        }
        return RunInfo(
            runId: folder.runId,
            runName: meta.string("run_name") ?? "",
            experimentId: experimentId,
            userId: meta.string("user_id") ?? "",
            status: status,
            startTime: meta.int64("start_time"),
            endTime: meta.int64("end_time"),
            artifactUri: meta.string("artifact_uri") ?? "",
            lifecycleStage: stage
        )
    }

    /// The status as the file store writes it (an integer), RUNNING when absent.
    static func runStatus(_ meta: MetaYAML) -> RunStatus? {
        guard meta.has("status"), let text = meta.string("status") else { return .running }
        if let code = meta.int64("status") { return RunStatus(fileStoreCode: Int(truncatingIfNeeded: code)) }
        return RunStatus(rawValue: text.uppercased())
    }

    /// A whole run: info (read unless given), params, tags, latest metrics, inputs and outputs.
    func readRun(_ folder: RunFolder, info knownInfo: RunInfo? = nil, context: inout ReadContext) -> Run? {
        guard var info = knownInfo ?? readRunInfo(folder) else { return nil }
        let tags = readKeyValues(folder.path + "/tags", what: "tag")
        if info.runName.isEmpty, let name = tags.value(for: SystemTag.runName) { info.runName = name }
        var run = Run(
            info: info,
            params: readKeyValues(folder.path + "/params", what: "param"),
            tags: tags,
            metrics: readLatestMetrics(folder)
        )
        readInputs(folder, into: &run, context: &context)
        run.modelOutputs = readOutputs(folder)
        return run
    }

    /// Every run of the experiments in a view of lifecycle stages, unsorted.
    ///
    /// Runs are read on several threads; each reads its share of folders with its own context.
    func readRuns(experimentIds: [String], view: ViewType) -> [Run] {
        var folders: [RunFolder] = []
        var seen: Set<String> = []
        for id in experimentIds where seen.insert(id).inserted {
            guard let experiment = experimentFolder(id: id) else { continue }
            folders += runFolders(in: experiment)
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, folders.count / 64))
        let results = Mutex([Int: [Run]]())
        let shared = folders
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var context = ReadContext()
            var runs: [Run] = []
            for index in stride(from: worker, to: shared.count, by: workers) {
                let folder = shared[index]
                // Read meta.yaml first: runs outside the view cost nothing more.
                guard let info = readRunInfo(folder), view.includes(info.lifecycleStage) else { continue }
                if let run = readRun(folder, info: info, context: &context) { runs.append(run) }
            }
            results.withLock { $0[worker] = runs }
        }
        return results.withLock { chunks in (0..<workers).flatMap { chunks[$0] ?? [] } }
    }

    /// The latest point of each metric file, sorted by key.
    func readLatestMetrics(_ folder: RunFolder) -> [Metric] {
        let metricsFolder = folder.path + "/metrics"
        var result: [Metric] = []
        for key in FileSystem.walkFiles(metricsFolder) {
            let path = metricsFolder + "/" + key
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.read(path)
            } catch {
                warn("metric file '\(relative(path))' skipped: \(error)")
                continue
            }
            let (latest, bad) = MetricFile.latest(bytes, key: key)
            noteBadLines(bad, path: path)
            if let latest {
                result.append(latest)
            } else {
                warn("metric '\(key)' of run '\(folder.runId)' skipped: no data in '\(relative(path))'")
            }
        }
        return result.sorted { $0.key < $1.key }
    }

    func noteBadLines(_ bad: [MetricFile.BadLine], path: String) {
        guard let first = bad.first else { return }
        let more = bad.count > 1 ? " (and \(bad.count - 1) more)" : ""
        warn("metric file '\(relative(path))': line \(first.number) skipped: \(first.reason)\(more)")
    }

    /// Every readable point of a metric file, in file order; nil (with a note) when unreadable.
    func readMetricFile(_ path: String, key: String, format: MetricFile.Format = .run) -> [Metric]? {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            warn("metric file '\(relative(path))' skipped: \(error)")
            return nil
        }
        let parsed = MetricFile.parse(bytes, key: key, format: format)
        noteBadLines(parsed.bad, path: path)
        return parsed.points
    }
}
