// The compiler's version, known at compile time (no toolchain is needed at run time to name it).

extension BuildInfo {
    /// The Swift compiler that built this binary, exact to the patch release from 6.0 to 6.9.3.
    public static let swiftVersion: String = {
        #if compiler(>=7.0)
        return "7.0 or later"
        #elseif compiler(>=6.9.3)
        return "6.9.3"
        #elseif compiler(>=6.9.2)
        return "6.9.2"
        #elseif compiler(>=6.9.1)
        return "6.9.1"
        #elseif compiler(>=6.9)
        return "6.9"
        #elseif compiler(>=6.8.3)
        return "6.8.3"
        #elseif compiler(>=6.8.2)
        return "6.8.2"
        #elseif compiler(>=6.8.1)
        return "6.8.1"
        #elseif compiler(>=6.8)
        return "6.8"
        #elseif compiler(>=6.7.3)
        return "6.7.3"
        #elseif compiler(>=6.7.2)
        return "6.7.2"
        #elseif compiler(>=6.7.1)
        return "6.7.1"
        #elseif compiler(>=6.7)
        return "6.7"
        #elseif compiler(>=6.6.3)
        return "6.6.3"
        #elseif compiler(>=6.6.2)
        return "6.6.2"
        #elseif compiler(>=6.6.1)
        return "6.6.1"
        #elseif compiler(>=6.6)
        return "6.6"
        #elseif compiler(>=6.5.3)
        return "6.5.3"
        #elseif compiler(>=6.5.2)
        return "6.5.2"
        #elseif compiler(>=6.5.1)
        return "6.5.1"
        #elseif compiler(>=6.5)
        return "6.5"
        #elseif compiler(>=6.4.3)
        return "6.4.3"
        #elseif compiler(>=6.4.2)
        return "6.4.2"
        #elseif compiler(>=6.4.1)
        return "6.4.1"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3.3)
        return "6.3.3"
        #elseif compiler(>=6.3.2)
        return "6.3.2"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2.3)
        return "6.2.3"
        #elseif compiler(>=6.2.2)
        return "6.2.2"
        #elseif compiler(>=6.2.1)
        return "6.2.1"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1.3)
        return "6.1.3"
        #elseif compiler(>=6.1.2)
        return "6.1.2"
        #elseif compiler(>=6.1.1)
        return "6.1.1"
        #elseif compiler(>=6.1)
        return "6.1"
        #elseif compiler(>=6.0.3)
        return "6.0.3"
        #elseif compiler(>=6.0.2)
        return "6.0.2"
        #elseif compiler(>=6.0.1)
        return "6.0.1"
        #elseif compiler(>=6.0)
        return "6.0"
        #else
        return "before 6.0"
        #endif
    }()
}
