import Foundation
import MLflowCore
import Synchronization
import Testing
import TestFixtures
@testable import MLflowREST

/// Downloads against a server of the tests' own: hostile listings, a connection cut mid-file.
@Suite struct ArtifactDownloadFaultTests {
    static let runJSON = #"{"run": {"info": {"run_id": "r1", "experiment_id": "1", "artifact_uri": "s3://bucket/1/r1/artifacts"}}}"#

    @Test(arguments: ["../../etc/passwd", "/etc/passwd", "model/../../x", "elsewhere/x"])
    func aHostileListingIsRefusedBeforeAnythingIsFetched(_ hostile: String) async throws {
        let server = try await FaultServer { request, _ in
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get") { return .respond(status: 200, body: Self.runJSON) }
            if request.uri.hasPrefix("/api/2.0/mlflow/artifacts/list") {
                if request.uri.contains("path=model") {
                    let escaped = hostile.replacingOccurrences(of: "/", with: "\\/")
                    return .respond(status: 200, body: #"{"files": [{"path": "\#(escaped)", "is_dir": false, "file_size": "4"}]}"#)
                }
                return .respond(status: 200, body: #"{"files": [{"path": "model", "is_dir": true}]}"#)
            }
            return .respond(status: 200, body: "pwnd")
        }
        let store = try faultStore(server, retries: 0)
        await #expect(throws: MLflowError.self) { try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "") }
        #expect(!server.requests.contains { $0.uri.hasPrefix("/get-artifact") })
        await store.close()
        await server.stop()
    }

    /// A server names the run's artifact root in every listing: one file costs the parent's
    /// listing (and the path's own, asked for at the same time) and then its bytes, from the
    /// proxied route, with no run lookup.
    @Test func oneFileTakesAListingAndItsBytesWithNoRunLookup() async throws {
        let root = #""root_uri": "mlflow-artifacts:/1/r1/artifacts""#
        let server = try await FaultServer { request, _ in
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get") {
                return .respond(status: 200, body: #"{"run": {"info": {"run_id": "r1", "experiment_id": "1", "artifact_uri": "mlflow-artifacts:/1/r1/artifacts"}}}"#)
            }
            if request.uri.hasPrefix("/api/2.0/mlflow/artifacts/list") {
                if request.uri.contains("path=model%2Fweights.bin") { return .respond(status: 200, body: "{\(root)}") }
                if request.uri.contains("path=model") {
                    return .respond(status: 200, body: #"{\#(root), "files": [{"path": "model/weights.bin", "is_dir": false, "file_size": "4"}]}"#)
                }
                return .respond(status: 200, body: #"{\#(root), "files": [{"path": "model", "is_dir": true}]}"#)
            }
            if request.uri == "/api/2.0/mlflow-artifacts/artifacts/1/r1/artifacts/model/weights.bin" { return .respond(status: 200, body: "wxyz") }
            return .respond(status: 404, body: #"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no"}"#)
        }
        let store = try faultStore(server, retries: 0)
        let out = try Fixtures.scratch("one-file-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "model/weights.bin")
        #expect(!plan.isFolder && plan.files.map(\.path) == ["model/weights.bin"])
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(report.failed.isEmpty && report.written == [out + "/model/weights.bin"])
        #expect(!server.requests.contains { $0.uri.hasPrefix("/api/2.0/mlflow/runs/get") })
        #expect(!server.requests.contains { $0.uri.hasPrefix("/get-artifact") })
        // A folder: the same two listings at once, and no third.
        let folder = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "model")
        #expect(folder.isFolder && folder.files.map(\.path) == ["model/weights.bin"])
        #expect(server.requests.filter { $0.uri.hasPrefix("/api/2.0/mlflow/artifacts/list") }.count <= 4)
        await store.close()
        await server.stop()
    }

    @Test func aConnectionCutMidFileLeavesNoFileAndARetryCompletesIt() async throws {
        let healthy = Mutex(false)
        let size = 200_000
        let server = try await FaultServer { request, _ in
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get") { return .respond(status: 200, body: Self.runJSON) }
            if request.uri.hasPrefix("/api/2.0/mlflow/artifacts/list") {
                if request.uri.contains("path=model") {
                    return .respond(status: 200, body: #"{"files": [{"path": "model/weights.bin", "is_dir": false, "file_size": "\#(size)"}, {"path": "model/MLmodel", "is_dir": false, "file_size": "3"}]}"#)
                }
                return .respond(status: 200, body: #"{"files": [{"path": "model", "is_dir": true}]}"#)
            }
            if request.uri.contains("weights.bin") {
                let body = String(repeating: "w", count: size)
                return healthy.withLock { $0 } ? .respond(status: 200, body: body) : .truncate(declared: size, body: String(body.prefix(size / 3)))
            }
            return .respond(status: 200, body: "abc")
        }
        let store = try faultStore(server, retries: 1)
        let out = try Fixtures.scratch("cut-download-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "model")
        let first = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(first.failed.map(\.path) == ["model/weights.bin"])
        #expect(first.failed.first.map { !$0.message.isEmpty } == true)
        #expect(LocalFiles.under(out) == ["model/MLmodel"], "no truncated file, no temporary file")
        healthy.withLock { $0 = true }
        let second = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(second.failed.isEmpty && second.written == [out + "/model/weights.bin"])
        #expect(LocalFiles.under(out) == ["model/MLmodel", "model/weights.bin"])
        #expect((try FileManager.default.attributesOfItem(atPath: out + "/model/weights.bin")[.size] as? NSNumber)?.intValue == size)
        // A preview reads the start and stops.
        let head = try await store.readArtifactPrefix(.run("r1"), path: "model/weights.bin", maxBytes: 100)
        #expect(head.data.count == 100 && !head.complete)
        await store.close()
        await server.stop()
    }
}
