import Foundation
import TestFixtures
import Testing

/// `runboard artifacts`, `download` and `cat` against the live server and the two local fixture
/// stores: the same files, byte for byte, from each.
@Suite("runboard artifacts, download and cat", .serialized, .enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores))
struct ArtifactCommandTests {
    struct Store {
        var kind: String
        var uri: String
        var runs: [String: String]
    }

    func stores() throws -> [Store] {
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        func runs(_ kind: String) throws -> [String: String] { try #require(manifest[kind]?["runs"] as? [String: String]) }
        return [
            Store(kind: "server", uri: try #require(Fixtures.serverURL), runs: try runs("server")),
            Store(kind: "sqlite", uri: "sqlite:///" + Fixtures.sqlitePath, runs: try runs("sqlite")),
            Store(kind: "filestore", uri: Fixtures.fileStorePath, runs: try runs("filestore")),
        ]
    }

    /// The manifest's entries: path -> (is folder, size, sha256).
    func expected(_ key: String) throws -> [String: (isDir: Bool, size: Int, sha: String)] {
        let data = try #require(try Fixtures.manifest()["data"] as? [String: Any])
        let list: [[String: Any]]
        if key == "model" {
            list = try #require((data["logged_model"] as? [String: Any])?["artifacts"] as? [[String: Any]])
        } else {
            list = try #require((data["artifacts"] as? [String: Any])?["entries"] as? [[String: Any]])
        }
        var result: [String: (Bool, Int, String)] = [:]
        for entry in list {
            let path = try #require(entry["path"] as? String)
            result[path] = (entry["is_dir"] as? Bool ?? false, entry["size"] as? Int ?? 0, entry["sha256"] as? String ?? "")
        }
        return result
    }


    @Test func aRunsArtifactsListAndDownloadTheSameBytesFromEveryStore() async throws {
        let expected = try expected("run")
        let scratch = try Fixtures.scratch("artifact-commands-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for store in try stores() {
            let run = try #require(store.runs["artifact-run"])
            let listed = try await CLI.run(["artifacts", "runs:/\(run)", "--recursive", "--format", "json", "--tracking-uri", store.uri])
            #expect(listed.status == 0, "\(store.kind): \(listed.stderr)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            #expect(entries.compactMap { $0["path"] as? String } == expected.keys.sorted(), "\(store.kind)")
            for entry in entries {
                let path = entry["path"] as? String ?? ""
                if expected[path]?.isDir == false { #expect(entry["size"] as? Int == expected[path]?.size, "\(store.kind) \(path)") }
            }

            let out = scratch + "/" + store.kind
            let download = try await CLI.run(["download", "runs:/\(run)", "-d", out, "--jobs", "3", "--tracking-uri", store.uri])
            #expect(download.status == 0, "\(store.kind): \(download.stderr)")
            #expect(download.stdout == out + "\n")
            let fileNames = expected.filter { !$0.value.isDir }.keys.sorted()
            #expect(LocalFiles.under(out) == fileNames, "\(store.kind): no temporary or extra files")
            for name in fileNames {
                #expect(try SHA256File.hex(out + "/" + name) == expected[name]?.sha, "\(store.kind) \(name)")
            }

            // Again: everything is there, nothing is fetched or written.
            let again = try await CLI.run(["download", "--run-id", run, "-d", out, "--format", "json", "--tracking-uri", store.uri])
            #expect(again.status == 0, "\(store.kind): \(again.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            #expect((report["written"] as? [String])?.isEmpty == true)
            #expect((report["skipped"] as? [String])?.count == fileNames.count)

            // One folder with --run-id and --path, as `mlflow artifacts download` takes them.
            let one = scratch + "/" + store.kind + "-one"
            let folder = try await CLI.run(["download", "-r", run, "--path", "data", "-d", one, "--tracking-uri", store.uri])
            #expect(folder.status == 0 && folder.stdout == one + "/data\n", "\(store.kind): \(folder.stderr)")
            #expect(LocalFiles.under(one) == ["data/nested/deep/values.csv"])

            let cat = try await CLI.run(["cat", "runs:/\(run)/notes/readme.md", "--tracking-uri", store.uri])
            #expect(cat.status == 0 && cat.stdout == "# Notes\n\nArtifacts written by the fixture generator.\n", "\(store.kind): \(cat.stderr)")

            let escape = try await CLI.run(["download", "runs:/\(run)/../../etc/passwd", "-d", out, "--tracking-uri", store.uri])
            #expect(escape.status == 2 && escape.stderr.contains("'..'"), "\(store.kind): \(escape.stderr)")
            let missing = try await CLI.run(["download", "runs:/\(run)/no-such-file.txt", "-d", out, "--tracking-uri", store.uri])
            #expect(missing.status == 2 && missing.stderr.contains("no-such-file.txt"), "\(store.kind): \(missing.stderr)")
        }
    }

    @Test func aRegisteredModelDownloadsByVersionAliasAndModelId() async throws {
        let expected = try expected("model")
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        let scratch = try Fixtures.scratch("model-commands-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for store in try stores() {
            let modelId = try #require((manifest[store.kind]?["logged_models"] as? [String: String])?["model"])
            for source in ["models:/fixture-model/1", "models:/fixture-model@champion", "models:/fixture-model/latest", "models:/\(modelId)"] {
                let out = scratch + "/\(store.kind)-\(UUID().uuidString)"
                let result = try await CLI.run(["download", source, "-d", out, "--tracking-uri", store.uri])
                #expect(result.status == 0, "\(store.kind) \(source): \(result.stderr)")
                #expect(LocalFiles.under(out) == expected.keys.sorted(), "\(store.kind) \(source)")
                for (name, entry) in expected {
                    #expect(try SHA256File.hex(out + "/" + name) == entry.sha, "\(store.kind) \(source) \(name)")
                }
            }
            let alias = try await CLI.run(["download", "models:/fixture-model@nobody", "-d", scratch, "--tracking-uri", store.uri])
            #expect(alias.status == 2 && alias.stderr.contains("nobody"), "\(store.kind): \(alias.stderr)")
        }
    }

    @Test func catRefusesBinaryOnlyOnATerminalAndUsageErrorsSayWhatToDo() async throws {
        let store = try #require(try stores().last)
        let run = try #require(store.runs["artifact-run"])
        // Not a terminal: the PNG's bytes as they are.
        let png = try await CLI.run(["cat", "runs:/\(run)/plots/loss.png", "--tracking-uri", store.uri])
        #expect(png.status == 0 && png.stdout.utf8.count > 0 && png.stderr.isEmpty)
        let neither = try await CLI.run(["download", "--tracking-uri", store.uri])
        #expect(neither.status == 2 && neither.stderr.contains("--run-id"))
        let both = try await CLI.run(["download", "runs:/\(run)", "--run-id", run, "--tracking-uri", store.uri])
        #expect(both.status == 2)
        let jobs = try await CLI.run(["download", "runs:/\(run)", "--jobs", "1e9", "--tracking-uri", store.uri])
        #expect(jobs.status == 2 && jobs.stderr.contains("whole number"))
        let folder = try await CLI.run(["cat", "runs:/\(run)", "--tracking-uri", store.uri])
        #expect(folder.status == 2 && folder.stderr.contains("folder"), "\(folder.stderr)")
    }
}
