import Foundation
import MLflowCore
@testable import RunboardCommands
import TestFixtures
import Testing

/// What makes the binary one file to copy: the embedded demo store and the build information.
@Suite struct EmbeddedDemoTests {
    static var demoFolder: String { Fixtures.repositoryRoot + "/Sources/RunboardCommands/Demo" }

    @Test func theBinaryCarriesEveryFileOfTheDemoStoreByteForByte() throws {
        var onDisk: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: Self.demoFolder)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: Self.demoFolder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                onDisk.append(path)
            }
        }
        let embedded = DemoStore.files
        #expect(embedded.map(\.path).sorted() == onDisk.sorted(), "run scripts/embed-demo")
        #expect(embedded.contains { $0.path == "mlflow.db" })
        for file in embedded {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.demoFolder + "/" + file.path))
            #expect(Data(buffer: file.bytes) == data, "\(file.path) differs from the embedded bytes: run scripts/embed-demo")
        }
    }

    @Test func theStoreIsWrittenOnceToTheCacheAndNeverToTheCurrentFolder() async throws {
        let cache = FileManager.default.temporaryDirectory.path + "/runboard-demo-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let environment = ["XDG_CACHE_HOME": cache, "HOME": "/nonexistent"]
        // Several at once, as two programs started together would: each gets the complete store.
        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 { group.addTask { try DemoStore.path(environment: environment) } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(paths).count == 1)
        let path = try #require(paths.first)
        #expect(path == cache + "/runboard/" + DemoStore.folderName + "/mlflow.db")
        #expect(FileManager.default.contentsEqual(atPath: path, andPath: Self.demoFolder + "/mlflow.db"))
        #expect(FileManager.default.fileExists(atPath: cache + "/runboard/" + DemoStore.folderName + "/mlruns/1"))
        // Nothing half-written is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache + "/runboard") == [DemoStore.folderName])
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(try DemoStore.path(environment: environment) == path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
    }

    @Test func anUnwritableCacheFallsBackToTheTemporaryFolder() throws {
        let folders = DemoStore.cacheFolders(["HOME": "/home/someone", "XDG_CACHE_HOME": "relative/not/allowed", "TMPDIR": "/var/tmp"])
        #expect(folders == ["/home/someone/.cache/runboard", "/var/tmp/runboard-\(getuid())"])
    }
}

@Suite struct BuildInfoTests {
    @Test func theVersionLineNamesVersionCommitAndSwift() {
        let build = BuildInfo(version: "1.2.3", commit: "0123456789ab", swift: "6.3.1")
        #expect(build.line == "1.2.3 (commit 0123456789ab, Swift 6.3.1)")
        let json = build.json
        #expect(json.hasPrefix("{\n"))
        let decoded = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(decoded?["version"] == "1.2.3")
        #expect(decoded?["commit"] == "0123456789ab")
        #expect(decoded?["swift"] == "6.3.1")
        #expect(decoded?["platform"]?.hasPrefix("linux-") == true)
    }

    @Test func thisBuildKnowsItsCompilerAndCommit() {
        #expect(BuildInfo.current.swift.first == "6" || BuildInfo.current.swift.first == "7")
        #expect(BuildInfo.current.swift != "before 6.0")
        // A build from a git checkout records its commit (the tests always run from one).
        #expect(BuildInfo.current.commit.count == 12, "\(BuildInfo.current.commit)")
        #expect(BuildInfo.current.commit.allSatisfy { $0.isHexDigit })
    }
}

@Suite("runboard --version and version") struct VersionCommandTests {
    @Test func bothNameTheCommitOfTheCheckout() async throws {
        let git = try await ChildProgram.run("/usr/bin/git", ["-C", Fixtures.repositoryRoot, "rev-parse", "--short=12", "HEAD"])
        let head = git.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = try await CLI.run(["--version"])
        #expect(line.status == 0)
        #expect(line.stdout == "\(RunboardVersion.current) (commit \(head), Swift \(BuildInfo.swiftVersion))\n")
        let text = try await CLI.run(["version"])
        #expect(text.stdout == line.stdout)
        let json = try await CLI.run(["version", "--format", "json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
        #expect(object?["commit"] == head)
        #expect(object?["version"] == RunboardVersion.current)
    }
}

@Suite("shell completions", .serialized) struct CompletionTests {
    static func shell(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func theScriptsAreValidForEachShell(shell: String) async throws {
        let script = try await CLI.run(["--generate-completion-script", shell])
        #expect(script.status == 0)
        // Values are completed where they can be: formats from the type, themes and experiment names by asking runboard.
        #expect(script.stdout.contains("csv"))
        #expect(script.stdout.contains("---completion"))
        // plot's x axes and download's policies are listed; download's -d completes folders.
        #expect(script.stdout.contains("relative"), "plot --x")
        #expect(script.stdout.contains("keep-both"), "download --if-exists")
        #expect(script.stdout.contains("dst-path"), "download -d")
        guard let path = Self.shell(shell) else { return }  // .ci/run installs all three
        let file = FileManager.default.temporaryDirectory.path + "/runboard-completion-\(UUID().uuidString).\(shell)"
        try script.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let check = try await ChildProgram.run(path, ["-n", file])
        #expect(check.status == 0, "\(shell) -n: \(check.stderrText)")
    }

    @Test func experimentNamesComeFromTheStoreOnTheCommandLine() async throws {
        let demo = try await CLI.run(["demo", "--path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let names = try await CLI.run(["experiment-names", "--tracking-uri", demo])
        #expect(names.status == 0)
        #expect(names.stdout.split(separator: "\n").contains("image-classifier-sweep"), "\(names.stdout)")
        #expect(names.stderr.isEmpty)
        let prefixed = try await CLI.run(["experiment-names", "--tracking-uri", demo, "--prefix", "image-"])
        #expect(prefixed.stdout == "image-classifier-sweep\n")
        // What the shells ask: argument-parser's custom completion, in process, reading --tracking-uri from the words.
        // (`---completion SUBCOMMAND -- OPTION WORD-INDEX CURSOR-IN-WORD WORDS...`, as the bash script calls it)
        let custom = try await CLI.run(
            ["---completion", "runs", "--", "--experiment", "5", "5", "runboard", "runs", "--tracking-uri", demo, "--experiment", "image"])
        #expect(custom.stdout.contains("image-classifier-sweep"), "\(custom.stdout) \(custom.stderr)")
        #expect(Completions.trackingURI(in: ["runboard", demo, "--experiment", "x"]) == demo)
        #expect(Completions.trackingURI(in: ["runboard", "open", "--tracking-uri=\(demo)"]) == demo)
        #expect(Completions.trackingURI(in: ["runboard", "runs", "--experiment"]) == nil)
    }

    @Test(.enabled(if: Fixtures.haveLocalStores)) func theNamesOfALocalStoreComeQuickly() async throws {
        var best = Duration.seconds(10)
        for _ in 0..<3 {
            let started = ContinuousClock.now
            let names = try await CLI.run(["experiment-names", "--tracking-uri", Fixtures.sqlitePath])
            best = min(best, ContinuousClock.now - started)
            #expect(names.status == 0)
            #expect(!names.stdout.isEmpty)
        }
        // The whole process, start to exit; a debug build on a loaded machine is given some slack
        // (the release binary answers in a few tens of milliseconds; see the README).
        #expect(best < .milliseconds(600), "best of 3: \(best)")
    }

    @Test func aDeadServerGivesNothingSilentlyWithinASecond() async throws {
        let server = try await FaultServer { _, _ in .hang }
        defer { Task { await server.stop() } }
        let started = ContinuousClock.now
        let names = try await CLI.run(["experiment-names", "--tracking-uri", server.url])
        let took = ContinuousClock.now - started
        #expect(names.status == 0)
        #expect(names.stdout.isEmpty)
        #expect(names.stderr.isEmpty, "\(names.stderr)")
        // One second of waiting, plus starting and ending a debug build's process on a busy machine
        // (never the 10 s connect timeout or MLflow's retries).
        #expect(took < .milliseconds(4_000), "\(took)")
        #expect(took >= .milliseconds(950), "\(took)")
        let refused = try await CLI.run(["experiment-names", "--tracking-uri", "http://127.0.0.1:9"])
        #expect(refused.status == 0 && refused.stdout.isEmpty && refused.stderr.isEmpty)
    }

    @Test func themesAreCompletedWithTheUsersOwn() throws {
        let names = Completions.themes([], 0, "")
        #expect(names.starts(with: ["default", "light", "high-contrast", "monochrome"]))
        #expect(Completions.themes([], 0, "hi") == ["high-contrast"])
    }
}

@Suite("runboard on a Databricks workspace") struct DatabricksCommandLineTests {
    @Test func experimentsAndRunsWithTheTokenAndOneMessageWithout() async throws {
        let server = try await DatabricksServer.start(token: "dapi-cli-SECRET")
        defer { Task { await server.stop() } }
        let home = FileManager.default.temporaryDirectory.path + "/runboard-dbx-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "[DEFAULT]\nhost = \(server.url)\ntoken = dapi-cli-SECRET\n\n[wrong]\nhost = \(server.url)\ntoken = dapi-wrong-SECRET\n"
            .write(toFile: home + "/.databrickscfg", atomically: true, encoding: .utf8)
        let environment = ["HOME": home]

        let experiments = try await CLI.run(["experiments", "--tracking-uri", "databricks"], environment: environment)
        #expect(experiments.status == 0, "\(experiments.stderr)")
        #expect(experiments.stdout.contains(DatabricksServer.experimentName))
        let runs = try await CLI.run(
            ["runs", "--tracking-uri", "databricks", "--experiment", DatabricksServer.experimentName, "--format", "csv"],
            environment: ["HOME": home, "MLFLOW_TRACKING_URI": "databricks://nonexistent"])
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stdout.split(separator: "\n").count == 3)
        // MLFLOW_TRACKING_URI=databricks, the workspace from the variables alone.
        let fromVariables = try await CLI.run(
            ["experiments"], environment: ["HOME": "/nonexistent", "MLFLOW_TRACKING_URI": "databricks",
                                           "DATABRICKS_HOST": server.url, "DATABRICKS_TOKEN": "dapi-cli-SECRET"])
        #expect(fromVariables.stdout.contains(DatabricksServer.experimentName), "\(fromVariables.stderr)")

        let refused = try await CLI.run(["experiments", "--tracking-uri", "databricks://wrong"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not authorized (401)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("token in the [wrong] profile of ~/.databrickscfg"))
        let missing = try await CLI.run(["experiments", "--tracking-uri", "databricks://prod"], environment: environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("~/.databrickscfg has no [prod] profile"), "\(missing.stderr)")
        #expect(missing.stderr.contains("DATABRICKS_HOST and DATABRICKS_TOKEN"))
        for output in [experiments, runs, fromVariables, refused, missing] {
            #expect(!output.stdout.contains("SECRET") && !output.stderr.contains("SECRET"))
        }
        let log = (try? String(contentsOfFile: FileManager.default.temporaryDirectory.path + "/runboard-cli-test.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("SECRET"))
        #expect(server.requests.contains { $0.header("Authorization") == "Bearer dapi-wrong-SECRET" })
    }

    @Test func sageMakerIsRefusedByName() async throws {
        let result = try await CLI.run(["experiments", "--tracking-uri", "arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("tracking URI scheme 'arn' (an Amazon SageMaker tracking server"), "\(result.stderr)")
    }
}
