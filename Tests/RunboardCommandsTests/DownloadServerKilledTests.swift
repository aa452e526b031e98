import Foundation
import MLflowClient
import Testing
import TestFixtures

/// `runboard download` from a real MLflow server that is killed in the middle of a large file:
/// the command fails and says so, nothing truncated is left under the file's name, and the same
/// command run again once the server is back completes it.
@Suite(.serialized) struct DownloadServerKilledTests {
    static let size = 120 * 1024 * 1024

    @Test(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func aServerKilledMidFileLeavesNothingTruncatedAndARetryCompletes() async throws {
        let folder = try Fixtures.scratch("download-server-killed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/server/artifacts", withIntermediateDirectories: true)
        let python = try MLflowPython.path()
        let server = try LocalMLflowServer(
            backend: "sqlite:///\(folder)/server/mlflow.db", artifacts: folder + "/server/artifacts", log: folder + "/server.log")
        try await server.start(python: python)
        defer { server.kill() }

        // A run with one large artifact, written straight into the folder the server serves it from.
        let writable = try await StoreOpener.openForWriting(.server(baseURL: server.url), environment: [:], workingDirectory: folder)
        let experiment = try await writable.writer.getOrCreateExperiment(name: "killed-mid-file", artifactLocation: nil, tags: [])
        let run = try await writable.writer.createRun(
            experimentId: experiment.experimentId, runName: "big", startTime: 0, userId: "test", tags: [])
        let served = "\(folder)/server/artifacts/\(experiment.experimentId)/\(run.runId)/artifacts/weights"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        // 120 MB written on a thread of its own, not one of the few the tests share.
        try await onOwnThread {
            var pattern = Data(count: 1 << 20)
            for index in pattern.indices { pattern[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 8) }
            guard FileManager.default.createFile(atPath: served + "/model.bin", contents: nil) else {
                throw FixtureError.missing("could not create \(served)/model.bin")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: served + "/model.bin"))
            for _ in 0..<(Self.size / pattern.count) { handle.write(pattern) }
            try handle.close()
        }
        await writable.reader.close()

        let destination = folder + "/out"
        let arguments = ["download", "runs:/\(run.runId)/weights", "-d", destination, "--tracking-uri", server.url]
        let environment = ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"]
        // Kills the server as soon as bytes of the file have reached the destination folder.
        let killer = Task { () throws -> Int in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let written = LocalFiles.bytes(under: destination)
                if written > 0 {
                    server.kill()
                    return written
                }
                try await Task.sleep(for: .milliseconds(2))
            }
            throw FixtureError.missing("the download never started writing")
        }
        let cut = try await CLI.run(arguments, environment: environment)
        let seen = try await killer.value

        #expect(seen < Self.size, "the file arrived whole before the server was killed; the test proves nothing")
        #expect(cut.status == 1, "stdout: \(cut.stdout)\nstderr: \(cut.stderr)")
        #expect(cut.stderr.contains("weights/model.bin"), "the failure names the file: \(cut.stderr)")
        #expect(!FileManager.default.fileExists(atPath: destination + "/weights/model.bin"), "a truncated file under the real name")
        let left = LocalFiles.under(destination)
        #expect(left.isEmpty, "left behind: \(left)")

        try await server.start(python: python)
        let retry = try await CLI.run(arguments, environment: environment)
        #expect(retry.status == 0, "\(retry.stderr)")
        let (got, want) = try await onOwnThread { (try SHA256File.hex(destination + "/weights/model.bin"), try SHA256File.hex(served + "/model.bin")) }
        #expect(got == want)
        #expect(LocalFiles.under(destination) == ["weights/model.bin"])
    }
}
