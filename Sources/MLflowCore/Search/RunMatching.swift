extension SearchFilter {
    /// Whether a run satisfies every clause (MLflow semantics).
    ///
    /// Follows what an MLflow server with a SQLite store returns, so that every store agrees:
    /// - metrics compare their latest value; a NaN value satisfies only `!=`; ±infinity counts as
    ///   ±`Double.greatestFiniteMagnitude`, as the SQL store stores it;
    /// - a missing metric, param or tag satisfies no comparison (not even `!=`), only `IS NULL`;
    /// - strings compare byte for byte (no Unicode normalisation); `LIKE` is case-sensitive
    ///   (MLflow turns on `case_sensitive_like`), `ILIKE` folds ASCII letters only; `%` and `_`
    ///   are always wildcards (there is no escape character) and `_` matches one Unicode scalar;
    /// - `attributes.run_name` compares the `mlflow.runName` tag;
    /// - `datasets.*` match when any of the run's dataset inputs does (so `!=` and `NOT IN` match
    ///   a run that has at least one other dataset), `context` being the input's
    ///   `mlflow.data.context` tag.
    ///
    /// MLflow's file store differs in places (`SearchUtils.filter`): it keeps ±infinity,
    /// `ILIKE` folds all of Unicode, and `%`/`_` do not match a newline there.
    public func matches(_ run: Run) -> Bool {
        clauses.allSatisfy { $0.matches(run) }
    }
}

extension SearchClause {
    /// Whether one clause holds for `run`.
    public func matches(_ run: Run) -> Bool {
        switch key {
        case .metric(let name):
            guard let metric = run.metrics.first(where: { SearchText.equal($0.key, name) }) else { return false }
            return SearchClause.compare(metric: metric.value, comparator, value)
        case .param(let name):
            return compareOptional(run.params.storedValue(for: name))
        case .tag(let name):
            return compareOptional(run.tags.storedValue(for: name))
        case .attribute(let name):
            switch name {
            case "start_time": return compareNumber(run.info.startTime)
            case "end_time": return compareNumber(run.info.endTime)
            case "run_id": return compareString(run.info.runId)
            case "run_name": return run.tags.storedValue(for: SystemTag.runName).map(compareString) ?? false
            case "status": return compareString(run.info.status.rawValue)
            case "user_id": return compareString(run.info.userId)
            case "artifact_uri": return compareString(run.info.artifactUri)
            case "lifecycle_stage": return compareString(run.info.lifecycleStage.rawValue)
            default: return false
            }
        case .dataset(let field):
            return run.datasetInputs.contains { input in
                switch field {
                case "name": return compareString(input.dataset.name)
                case "digest": return compareString(input.dataset.digest)
                case "context":
                    return input.tags.contains { SearchText.equal($0.key, "mlflow.data.context") && compareString($0.value) }
                default: return false
                }
            }
        }
    }

    private func compareOptional(_ stored: String?) -> Bool {
        switch comparator {
        case .isNull: return stored == nil
        case .isNotNull: return stored != nil
        default: return stored.map(compareString) ?? false
        }
    }

    private func compareString(_ stored: String) -> Bool {
        switch (comparator, value) {
        case (.equal, .string(let v)): return SearchText.equal(stored, v)
        case (.notEqual, .string(let v)): return !SearchText.equal(stored, v)
        case (.like, .string(let v)): return SearchText.like(stored, v, foldASCIICase: false)
        case (.ilike, .string(let v)): return SearchText.like(stored, v, foldASCIICase: true)
        case (.in, .list(let items)): return items.contains { SearchText.equal(stored, $0) }
        case (.notIn, .list(let items)): return !items.contains { SearchText.equal(stored, $0) }
        default: return false
        }
    }

    private func compareNumber(_ stored: Int64?) -> Bool {
        guard let stored, case .number(let v) = value else { return false }
        return SearchClause.compare(Double(stored), comparator, v)
    }

    static func compare(metric stored: Double, _ comparator: Comparator, _ value: SearchValue) -> Bool {
        guard case .number(let v) = value else { return false }
        if stored.isNaN { return comparator == .notEqual }
        return compare(SearchText.sqlStored(stored), comparator, v)
    }

    private static func compare(_ lhs: Double, _ comparator: Comparator, _ rhs: Double) -> Bool {
        switch comparator {
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .greater: lhs > rhs
        case .greaterOrEqual: lhs >= rhs
        case .less: lhs < rhs
        case .lessOrEqual: lhs <= rhs
        default: false
        }
    }
}

extension Array where Element == KeyValue {
    /// The value of the entry whose key has exactly these bytes, as a SQL store looks it up.
    func storedValue(for key: String) -> String? {
        first { SearchText.equal($0.key, key) }?.value
    }
}

/// String and number rules of SQLite as MLflow's SQL store uses it.
enum SearchText {
    /// Byte equality, as SQLite's BINARY collation compares (Swift's `==` would also equate
    /// canonically equivalent strings).
    static func equal(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// Byte order, as SQLite's BINARY collation sorts (the same as Unicode scalar order).
    static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The value the SQL store keeps for a finite or infinite metric value (NaN is kept apart).
    static func sqlStored(_ value: Double) -> Double {
        if value == .infinity { return .greatestFiniteMagnitude }
        if value == -.infinity { return -.greatestFiniteMagnitude }
        return value
    }

    /// SQLite's `LIKE` with `case_sensitive_like` on and no escape character; `foldASCIICase`
    /// gives `lower(x) LIKE lower(y)`, which is what `ILIKE` becomes on SQLite.
    static func like(_ text: String, _ pattern: String, foldASCIICase: Bool) -> Bool {
        let t = Array(text.unicodeScalars).map { foldASCIICase ? lowerASCII($0) : $0 }
        let p = Array(pattern.unicodeScalars).map { foldASCIICase ? lowerASCII($0) : $0 }
        // Greedy matching with backtracking to the last `%`.
        var ti = 0, pi = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "%" {
                star = pi
                mark = ti
                pi += 1
            } else if pi < p.count, p[pi] == "_" || p[pi] == t[ti] {
                ti += 1
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "%" { pi += 1 }
        return pi == p.count
    }

    private static func lowerASCII(_ s: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 32) ?? s : s
    }
}
