// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Runboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "runboard", targets: ["runboard"]),
        .library(name: "MLflowClient", targets: ["MLflowClient"]),
        .library(name: "MLflowTracking", targets: ["MLflowTracking"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure model of MLflow's tracking data: entities, the store protocol, the search grammar.
        .target(name: "MLflowCore", swiftSettings: strict),
        // REST client of an MLflow tracking server (reads and writes).
        .target(
            name: "MLflowREST",
            dependencies: [
                "MLflowCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Reads a local mlflow.db written by MLflow, read-only.
        .target(
            name: "MLflowSQLite",
            dependencies: [
                "MLflowCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Reads a local ./mlruns file store written by MLflow.
        .target(
            name: "MLflowFileStore",
            dependencies: ["MLflowCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Tracking a run from Swift: batched, retried logging over any TrackingWriter.
        .target(name: "MLflowTracking", dependencies: ["MLflowCore"], swiftSettings: strict),
        // The one library the UI and CLI use: opens the right store for a tracking URI.
        .target(
            name: "MLflowClient",
            dependencies: [
                "MLflowCore", "MLflowREST", "MLflowSQLite", "MLflowFileStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Terminal text: safe drawing of untrusted strings, display widths.
        .target(name: "TerminalCore", swiftSettings: strict),
        // A headless terminal backend and text snapshots, for tests.
        .target(name: "TerminalTestSupport", dependencies: ["TerminalCore"], swiftSettings: strict),
        // The C interface of ncursesw; only NcursesBackend imports it.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncurses-dev"])]),
        // The real terminal through ncurses, and the loop that drives an App.
        .target(name: "NcursesBackend", dependencies: ["CNcurses", "TerminalCore"], swiftSettings: strict),
        // PNG and JPEG decoding in C over libpng and libjpeg (its setjmp stays in C); only ImageDecoding imports it.
        .target(
            name: "CImage", path: "Sources/CImage",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg")]),
        // Images from bytes: the format from the magic bytes, RGBA pixels or the decoder's message.
        .target(name: "ImageDecoding", dependencies: ["CImage"], swiftSettings: strict),
        // A counter with a slow effect in a real terminal: the end-to-end tests' fixture.
        .executableTarget(
            name: "runboard-loopdemo", dependencies: ["NcursesBackend", "TerminalCore"], path: "Tests/LoopDemo",
            swiftSettings: strict),
        // The dashboard: state, actions, the pure reducer, effects, keymaps, themes and panes.
        .target(
            name: "Dashboard",
            dependencies: ["MLflowCore", "TerminalCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        // The demo store's files, embedded with #embed (written by scripts/embed-demo).
        .target(name: "CDemoStore", path: "Sources/CDemoStore"),
        // The command-line face: argument parsing, output formats.
        .target(
            name: "RunboardCommands",
            dependencies: [
                "CDemoStore",
                "MLflowCore",
                "MLflowClient",
                "MLflowTracking",
                "Dashboard",
                "ImageDecoding",
                "NcursesBackend",
                "TerminalCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Demo"],
            swiftSettings: strict,
            plugins: ["BuildInfo"]
        ),
        // Times one key and the next frame with 20,000 runs loaded, for scripts/bench.
        .executableTarget(
            name: "runboard-framebench", dependencies: ["Dashboard", "MLflowCore", "MLflowSQLite", "TerminalCore"], path: "Tests/FrameBench",
            swiftSettings: strict),
        // Locates the generated fixture stores and the live test server for tests.
        .target(
            name: "TestFixtures",
            dependencies: [
                "MLflowCore",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/TestFixtures", swiftSettings: strict),
        .executableTarget(name: "runboard", dependencies: ["RunboardCommands"], swiftSettings: strict),
        .testTarget(name: "MLflowCoreTests", dependencies: ["MLflowCore", "TestFixtures"], swiftSettings: strict),
        .testTarget(name: "MLflowSQLiteTests", dependencies: ["MLflowSQLite", "MLflowCore", "TestFixtures"], swiftSettings: strict),
        .testTarget(
            name: "MLflowFileStoreTests", dependencies: ["MLflowFileStore", "MLflowCore", "TestFixtures"],
            exclude: ["generate_sampling_cases.py"], swiftSettings: strict),
        .testTarget(
            name: "MLflowRESTTests",
            dependencies: [
                "MLflowREST", "MLflowCore", "TestFixtures",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MLflowTrackingTests",
            dependencies: [
                "MLflowTracking", "MLflowCore", "MLflowClient", "MLflowSQLite", "MLflowREST", "TestFixtures",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        // Compares what the three stores return for the same generated data.
        .testTarget(
            name: "MLflowClientTests", dependencies: ["MLflowClient", "MLflowCore", "MLflowREST", "TestFixtures"], swiftSettings: strict),
        .testTarget(
            name: "TerminalCoreTests", dependencies: ["TerminalCore", "TerminalTestSupport"],
            exclude: ["__Snapshots__"], swiftSettings: strict),
        .testTarget(
            name: "ImageDecodingTests", dependencies: ["ImageDecoding", "TerminalCore", "TerminalTestSupport"],
            exclude: ["__Snapshots__"], swiftSettings: strict),
        .testTarget(
            name: "NcursesBackendTests",
            dependencies: ["NcursesBackend", "TerminalCore", "TerminalTestSupport", "runboard-loopdemo"],
            swiftSettings: strict),
        .testTarget(
            name: "DashboardTests", dependencies: ["Dashboard", "MLflowCore", "TerminalCore", "TerminalTestSupport", "MLflowSQLite", "MLflowFileStore", "TestFixtures"],
            exclude: ["__Snapshots__"], swiftSettings: strict),
        .testTarget(
            name: "RunboardCommandsTests",
            dependencies: ["RunboardCommands", "Dashboard", "MLflowClient", "MLflowCore", "TerminalCore", "TerminalTestSupport", "TestFixtures"],
            exclude: ["__Snapshots__"], swiftSettings: strict),
        // Writes the commit the binary is built from into RunboardCommands (scripts/lib/build-info.sh).
        .plugin(name: "BuildInfo", capability: .buildTool()),
    ]
)
