import Foundation
import MLflowClient
import Testing
@testable import RunboardCommands

@Suite("runboard track: config files, settings, parsing")
struct TrackConfigTests {
    static func write(_ text: String, named name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.path + "/runboard-track-config-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func yamlSettingsAndNestedParams() throws {
        let path = try Self.write("""
            tracking_uri: http://localhost:5000
            experiment: mnist
            run_name: baseline
            artifact_dirs: [outputs, checkpoints]
            collect: "*.pt, *.png"
            routes:
              "*.pt": weights
            tags:
              team: vision
            params:
              lr: 0.010
              optimizer:
                name: adam
                betas: [0.9, 0.999]
              dropout: ~
            """, named: "run.yaml")
        let config = try TrackConfigLoader.load(path: path)
        #expect(config.trackingURI == "http://localhost:5000")
        #expect(config.experiment == "mnist")
        #expect(config.runName == "baseline")
        #expect(config.artifactDirs == ["outputs", "checkpoints"])
        #expect(config.collect == ["*.pt", "*.png"])
        #expect(config.routes == [ArtifactRoute(pattern: "*.pt", folder: "weights")])
        #expect(config.tags == [KeyValue(key: "team", value: "vision")])
        #expect(config.params == [
            KeyValue(key: "lr", value: "0.010"),
            KeyValue(key: "optimizer.name", value: "adam"),
            KeyValue(key: "optimizer.betas", value: "[0.9, 0.999]"),
            KeyValue(key: "dropout", value: ""),
        ])
    }

    @Test func jsonIsReadToo() throws {
        let path = try Self.write("""
            {"experiment": "e", "params": {"a": {"b": 1, "c": "x"}}, "code": ["util.py"]}
            """, named: "run.json")
        let config = try TrackConfigLoader.load(path: path)
        #expect(config.experiment == "e")
        #expect(config.code == ["util.py"])
        #expect(config.params == [KeyValue(key: "a.b", value: "1"), KeyValue(key: "a.c", value: "x")])
    }

    @Test func keyValueText() throws {
        let path = try Self.write("""
            # settings and params
            experiment = text-exp
            lr=0.1
            params.batch = 32
            tags.owner=me
            url=http://x/?a=b
            """, named: "run.txt")
        let config = try TrackConfigLoader.load(path: path)
        #expect(config.experiment == "text-exp")
        #expect(config.params == [KeyValue(key: "lr", value: "0.1"), KeyValue(key: "batch", value: "32"),
                                  KeyValue(key: "url", value: "http://x/?a=b")])
        #expect(config.tags == [KeyValue(key: "owner", value: "me")])
    }

    @Test func errorsNameFileLineAndKey() throws {
        let unknown = try Self.write("experiment: a\nexperimnt_name: b\n", named: "bad.yaml")
        #expect(throws: ConfigError(file: unknown, line: 2, key: "experimnt_name",
                                    problem: "unknown setting; expected one of tracking_uri, experiment, artifact_location, run_name, parent, artifact_dirs, collect, code, routes, metrics_from_stdout, params, tags")) {
            try TrackConfigLoader.load(path: unknown)
        }
        let nested = try Self.write("params:\n  a:\n    b: {c: [1, {d: 2}]}\n", named: "nested.yaml")
        #expect(throws: ConfigError(file: nested, line: 3, key: "params.a.b.c", problem: "lists may hold only plain values")) {
            try TrackConfigLoader.load(path: nested)
        }
        let broken = try Self.write("params:\n  a: [1, 2\n", named: "broken.yaml")
        let error = try #require(throws: ConfigError.self) { try TrackConfigLoader.load(path: broken) }
        #expect(error.file == broken)
        #expect(error.line == 3)
        let text = try Self.write("a=1\nno equals here\n", named: "bad.txt")
        #expect(throws: ConfigError(file: text, line: 2, key: nil, problem: "expected key=value, got 'no equals here'")) {
            try TrackConfigLoader.load(path: text)
        }
        let twice = try Self.write("a=1\na=2\n", named: "twice.txt")
        #expect(throws: ConfigError(file: twice, line: 2, key: "a", problem: "already set on line 1")) {
            try TrackConfigLoader.load(path: twice)
        }
        #expect(ConfigError(file: "f.yaml", line: 4, key: "params.lr", problem: "set twice").description == "f.yaml:4: 'params.lr': set twice")
    }

    @Test func flagsOverrideTheFile() throws {
        var file = TrackConfig()
        file.experiment = "from-file"
        file.params = [KeyValue(key: "lr", value: "0.1"), KeyValue(key: "epochs", value: "3")]
        file.tags = [KeyValue(key: "team", value: "a")]
        file.collect = ["*.pt"]
        let flags = try TrackCommand.parse(["--experiment", "from-flag", "--param", "lr=0.5", "--param", "seed=1",
                                            "--tag", "team=b", "--", "python", "train.py", "--lr", "3"])
        let settings = try TrackSettings.merge(file: file, flags: flags, environment: ["MLFLOW_EXPERIMENT_NAME": "env"])
        #expect(settings.experiment == "from-flag")
        #expect(settings.params == [KeyValue(key: "lr", value: "0.5"), KeyValue(key: "epochs", value: "3"), KeyValue(key: "seed", value: "1")])
        #expect(settings.tags == [KeyValue(key: "team", value: "b")])
        #expect(settings.patterns == ["*.pt"])
        #expect(settings.artifactDirs == ["."])
        #expect(settings.command == ["python", "train.py", "--lr", "3"])
        let bare = try TrackSettings.merge(file: nil, flags: try TrackCommand.parse(["--", "true"]), environment: [:])
        #expect(bare.experiment == "Default")
        #expect(bare.patterns == ["*.joblib", "*.h5", "*.pkl", "*.model", "*.png", "*.json"])
        #expect(throws: CLIError.self) { try TrackSettings.merge(file: nil, flags: try TrackCommand.parse(["--param", "novalue", "--", "true"]), environment: [:]) }
    }

    @Test func metricsFromOutputLines() throws {
        let parser = try StdoutMetrics(pattern: #"epoch=(?<step>\d+) loss=(?<loss>[\d.]+) acc=(?<acc>[\d.]+)"#)
        #expect(parser.names == ["step", "loss", "acc"])
        #expect(parser.parse("epoch=4 loss=0.25 acc=0.90") == [
            StdoutMetrics.Value(key: "loss", value: 0.25, step: 4), StdoutMetrics.Value(key: "acc", value: 0.9, step: 4),
        ])
        #expect(parser.parse("nothing here") == [])
        let stepless = try StdoutMetrics(pattern: #"loss=(?<loss>[\d.]+)"#)
        #expect(stepless.parse("loss=1").map(\.step) == [0])
        #expect(stepless.parse("loss=2").map(\.step) == [1])
        #expect(throws: CLIError.self) { try StdoutMetrics(pattern: #"loss=([\d.]+)"#) }
        #expect(throws: CLIError.self) { try StdoutMetrics(pattern: #"loss=(?<loss>[\d.]+"#) }
    }

    @Test func statusFollowsTheExit() {
        #expect(TrackRunner.status(exit: .exited(0), forwardedSignal: nil) == .finished)
        #expect(TrackRunner.status(exit: .exited(3), forwardedSignal: nil) == .failed)
        #expect(TrackRunner.status(exit: .signaled(SIGKILL), forwardedSignal: nil) == .killed)
        #expect(TrackRunner.status(exit: .exited(1), forwardedSignal: SIGTERM) == .killed)
        #expect(ChildExit.signaled(SIGINT).shellStatus == 130)
    }

    @Test func sweepFindsNewAndChangedFilesAndRoutesThem() throws {
        let root = FileManager.default.temporaryDirectory.path + "/runboard-sweep-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root + "/sub/.hidden", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: root + "/old.pkl"))
        try Data("same".utf8).write(to: URL(fileURLWithPath: root + "/same.json"))
        let sweep = ArtifactSweep(directories: [root], patterns: ["*.pkl", "*.png", "*.json"],
                                  routes: [ArtifactRoute(pattern: "*.json", folder: "meta")])
        let before = sweep.snapshot()
        #expect(before.count == 2)
        try Data("newer content".utf8).write(to: URL(fileURLWithPath: root + "/old.pkl"))
        try Data("png".utf8).write(to: URL(fileURLWithPath: root + "/sub/plot.png"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/sub/.hidden/x.pkl"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/notes.txt"))
        #expect(sweep.changed(since: before).map(\.artifactPath) == ["model/old.pkl", "plots/sub/plot.png"])
        #expect(sweep.folder(for: "a.json") == "meta")
        #expect(sweep.folder(for: "a.joblib") == "model")
    }

    @Test func theScriptIsTheFirstFileArgument() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/runboard-script-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("print(1)".utf8).write(to: URL(fileURLWithPath: folder + "/train.py"))
        #expect(ScriptFinder.script(in: ["python", "-u", "train.py", "--x"], workingDirectory: folder) == "train.py")
        #expect(ScriptFinder.script(in: ["/bin/sh", "-c", "echo"], workingDirectory: folder) == nil)
        #expect(ScriptFinder.script(in: ["python", "-m", "pkg"], workingDirectory: folder) == nil)
    }

    @Test func systemTagsAsMLflowSetsThem() {
        let tags = SystemTags.tags(user: "ana", script: "train.py", workingDirectory: "/w", parent: "abc",
                                   git: { folder in folder == "/w" ? GitInfo(commit: String(repeating: "a", count: 40), branch: "main", repoURL: "https://h/r.git") : nil })
        #expect(tags == [
            KeyValue(key: "mlflow.user", value: "ana"), KeyValue(key: "mlflow.source.name", value: "train.py"),
            KeyValue(key: "mlflow.source.type", value: "LOCAL"),
            KeyValue(key: "mlflow.source.git.commit", value: String(repeating: "a", count: 40)),
            KeyValue(key: "mlflow.source.git.branch", value: "main"), KeyValue(key: "mlflow.source.git.repoURL", value: "https://h/r.git"),
            KeyValue(key: "mlflow.parentRunId", value: "abc"),
        ])
        #expect(GitInfo.stripCredentials("https://user:tok@github.com/o/r.git") == "https://github.com/o/r.git")
        #expect(GitInfo.stripCredentials("git@github.com:o/r.git") == "git@github.com:o/r.git")
        #expect(SystemTags.user(environment: ["MLFLOW_TRACKING_USERNAME": "svc", "USER": "me"]) == "svc")
        #expect(SystemTags.user(environment: ["USER": "me"]) == "me")
    }
}
