import Foundation
import MLflowCore
@testable import MLflowREST
import TestFixtures
import Testing

@Suite struct INIFileTests {
    @Test func readsAsConfigparserDoes() {
        let file = INIFile(text: """
            ; a comment
            stray = before any header
            [DEFAULT]
            Host = https://default.example.com
            token = t-default

            [staging]
            host: https://staging.example.com/
            jobs_api_version = 2.1
            # another comment
            [multi]
            value = first
              second
            \tthird
            [staging]
            TOKEN = t-staging
            = no key
            no separator
            """)
        #expect(file.sectionNames == ["DEFAULT", "staging", "multi"])
        #expect(file.section("DEFAULT") == ["host": "https://default.example.com", "token": "t-default"])
        // DEFAULT's keys are inherited; a section's own keys win; a repeated header adds to the section.
        #expect(file.section("staging") == ["host": "https://staging.example.com/", "token": "t-staging", "jobs_api_version": "2.1"])
        #expect(file.section("multi")?["value"] == "first\nsecond\nthird")
        #expect(file.section("multi")?["host"] == "https://default.example.com")
        #expect(file.section("missing") == nil)
        #expect(file.section("Staging") == nil)  // section names are case-sensitive
    }

    /// Found by fuzzing (Fuzz/ini): a line that starts with `[` but has no `]` is a key, its
    /// continuation may end in `]`, and a header runs to the last `]`, as in configparser.
    @Test func bracketsInKeysAndHeaders() {
        let file = INIFile(text: "[s]\n[odd key =\n  continued]\n[a]b]\nk = v\n[x]junk\nj = w\n")
        #expect(file.sectionNames == ["s", "a]b", "x"])
        #expect(file.section("s") == ["[odd key": "continued]"])
        #expect(file.section("a]b") == ["k": "v"])
        #expect(file.section("x") == ["j": "w"])
        // Only \n, \r and \r\n end lines; a vertical tab or U+2028 is part of the key (also found by fuzzing).
        #expect(INIFile(text: "[s]\nk\u{0B}ey = v\u{2028}w\n").section("s") == ["k\u{0B}ey": "v\u{2028}w"])
    }

    @Test func withoutADefaultHeaderThereIsNoDefaultProfile() {
        #expect(INIFile(text: "[p]\nhost = x\n").section("DEFAULT") == nil)
        #expect(INIFile(text: "[DEFAULT]\n").section("DEFAULT") == [:])
        #expect(INIFile(text: "").sectionNames.isEmpty)
    }

    @Test func windowsLineEndingsAndBrokenHeadersAreRead() {
        let file = INIFile(text: "[a]\r\nkey = 1\r\n[[odd]\r\nk = 2\r\n[half\r\nj = 3\r\n")
        #expect(file.section("a") == ["key": "1"])
        // `[half` is not a header: it is skipped, as is anything else unreadable.
        #expect(file.section("[odd") == ["k": "2", "j": "3"])
    }
}

@Suite("Databricks workspaces") struct DatabricksAuthTests {
    static func home(_ config: String?) throws -> String {
        let folder = FileManager.default.temporaryDirectory.path + "/runboard-dbx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let config { try config.write(toFile: folder + "/.databrickscfg", atomically: true, encoding: .utf8) }
        return folder
    }

    static let config = """
        [DEFAULT]
        host = adb-1234567890123456.7.azuredatabricks.net
        token = dapi-default-SECRET

        [staging]
        host = https://staging.cloud.databricks.com/
        token = dapi-staging-SECRET

        [oauth]
        host = https://oauth.cloud.databricks.com
        client_id = abc
        client_secret = def
        """

    /// A profile that inherits DEFAULT's token uses it, as configparser gives it.
    @Test func aProfileInheritsTheDefaultSection() throws {
        let home = try Self.home(Self.config)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let oauth = try DatabricksAuth.configuration(profile: "oauth", environment: ["HOME": home])
        #expect(oauth.baseURL == "https://oauth.cloud.databricks.com")
        #expect(oauth.authorizationHeader == "Bearer dapi-default-SECRET")
    }

    @Test func theEnvironmentComesFirst() throws {
        let config = try DatabricksAuth.configuration(
            profile: nil, environment: ["HOME": "/nonexistent", "DATABRICKS_HOST": "https://env.cloud.databricks.com/", "DATABRICKS_TOKEN": "dapi-env-SECRET",
                                        "MLFLOW_TRACKING_TOKEN": "not-for-databricks", "MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p"])
        #expect(config.baseURL == "https://env.cloud.databricks.com")
        #expect(config.authorizationHeader == "Bearer dapi-env-SECRET")
        #expect(config.credentialSources == ["DATABRICKS_TOKEN"])
    }

    @Test func elseTheDefaultProfileOrTheNamedOne() throws {
        let home = try Self.home(Self.config)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let byDefault = try DatabricksAuth.configuration(profile: nil, environment: ["HOME": home])
        #expect(byDefault.baseURL == "https://adb-1234567890123456.7.azuredatabricks.net")
        #expect(byDefault.authorizationHeader == "Bearer dapi-default-SECRET")
        #expect(byDefault.credentialSources == ["token in the [DEFAULT] profile of ~/.databrickscfg"])
        let staging = try DatabricksAuth.configuration(profile: "staging", environment: ["HOME": home])
        #expect(staging.baseURL == "https://staging.cloud.databricks.com")
        #expect(staging.authorizationHeader == "Bearer dapi-staging-SECRET")
        let fromVariable = try DatabricksAuth.configuration(profile: nil, environment: ["HOME": home, "DATABRICKS_CONFIG_PROFILE": "staging"])
        #expect(fromVariable.baseURL == "https://staging.cloud.databricks.com")
        // Per setting, the environment wins over the profile (as the Databricks SDK does).
        let mixed = try DatabricksAuth.configuration(profile: "staging", environment: ["HOME": home, "DATABRICKS_TOKEN": "dapi-env-SECRET"])
        #expect(mixed.baseURL == "https://staging.cloud.databricks.com")
        #expect(mixed.authorizationHeader == "Bearer dapi-env-SECRET")
        let otherFile = try DatabricksAuth.configuration(
            profile: nil, environment: ["HOME": "/nonexistent", "DATABRICKS_CONFIG_FILE": home + "/.databrickscfg"])
        #expect(otherFile.authorizationHeader == "Bearer dapi-default-SECRET")
    }

    @Test func aMissingWorkspaceIsOneMessageNamingTheFileAndTheVariables() throws {
        let home = try Self.home(Self.config)
        let empty = try Self.home(nil)
        let oauthOnly = try Self.home("[oauth]\nhost = https://oauth.cloud.databricks.com\nclient_id = abc\nclient_secret = def\n")
        defer {
            for folder in [home, empty, oauthOnly] { try? FileManager.default.removeItem(atPath: folder) }
        }
        let cases: [(String?, [String: String], String)] = [
            (nil, ["HOME": empty], "~/.databrickscfg cannot be read"),
            ("prod", ["HOME": home], "~/.databrickscfg has no [prod] profile"),
            (nil, ["HOME": empty, "DATABRICKS_HOST": "https://x.cloud.databricks.com"], "~/.databrickscfg cannot be read"),
            ("oauth", ["HOME": oauthOnly], "no token in DATABRICKS_TOKEN or the [oauth] profile of ~/.databrickscfg (it has client_id: only personal access tokens are supported yet)"),
        ]
        for (profile, environment, problem) in cases {
            do {
                _ = try DatabricksAuth.configuration(profile: profile, environment: environment)
                Issue.record("no error for \(String(describing: profile)) \(environment)")
            } catch let error as MLflowError {
                let message = error.description
                #expect(message.contains(problem), "\(message)")
                #expect(message.contains("DATABRICKS_HOST and DATABRICKS_TOKEN"))
                #expect(message.contains("~/.databrickscfg"))
                #expect(!message.contains("SECRET"))
            }
        }
    }

    @Test func aBadHostIsNamedWithoutTheToken() throws {
        #expect(throws: MLflowError.self) {
            try DatabricksAuth.configuration(profile: nil, environment: ["DATABRICKS_HOST": "ftp://x", "DATABRICKS_TOKEN": "dapi-SECRET"])
        }
        do {
            _ = try DatabricksAuth.configuration(profile: nil, environment: ["DATABRICKS_HOST": "https:// bad host", "DATABRICKS_TOKEN": "dapi-SECRET"])
        } catch {
            #expect("\(error)".contains("DATABRICKS_HOST"))
            #expect(!"\(error)".contains("SECRET"))
        }
    }

    @Test func theStoreReadsAWorkspaceThatWantsTheBearerToken() async throws {
        let server = try await DatabricksServer.start(token: "dapi-right-SECRET")
        defer { Task { await server.stop() } }
        let config = try DatabricksAuth.configuration(
            profile: nil, environment: ["HOME": "/nonexistent", "DATABRICKS_HOST": server.url, "DATABRICKS_TOKEN": "dapi-right-SECRET"])
        let store = try RESTStore(configuration: config)
        let experiments = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        #expect(experiments.items.map(\.name) == [DatabricksServer.experimentName])
        let runs = try await store.allRuns(RunQuery(experimentIds: ["1234567890"]), progress: nil)
        #expect(runs.map(\.info.runId) == DatabricksServer.runIds)
        await store.close()
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer dapi-right-SECRET" })

        var wrong = config
        wrong.token = "dapi-wrong-SECRET"
        wrong.retry = RetryPolicy(maxRetries: 0, backoffFactor: 0, jitter: 0)
        let refused = try RESTStore(configuration: wrong)
        do {
            _ = try await refused.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
            Issue.record("a wrong token was accepted")
        } catch {
            #expect("\(error)".contains("401"), "\(error)")
            #expect("\(error)".contains("DATABRICKS_TOKEN"), "\(error)")
            #expect(!"\(error)".contains("SECRET"))
        }
        await refused.close()
    }
}
