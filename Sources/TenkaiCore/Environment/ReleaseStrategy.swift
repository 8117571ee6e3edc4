/// The environment's release strategy, by its short name.
public typealias ReleaseStrategy = EnvironmentConfig.ReleaseStrategy

extension EnvironmentConfig {
    /// How a release moves traffic from the serving (blue) tasks to the new (green) ones, as
    /// `release:` in `Environments/<env>.yaml` names it.
    ///
    /// ```yaml
    /// release: canary 10% for 5m      # 10 % to green, bake 5 minutes, then the rest
    /// release: linear 25% every 2m    # 25, 50, 75, 100 %, baking 2 minutes after each step
    /// release: blueGreen              # all at once once green is healthy, blue kept up through the bake
    /// release: allAtOnce              # all at once, blue scaled down without a bake
    /// ```
    ///
    /// Bare `canary` and `linear` mean `canary 10% for 5m` and `linear 10% every 1m` (CodeDeploy's
    /// `ECSCanary10Percent5Minutes` and `ECSLinear10PercentEvery1Minutes`).
    public enum ReleaseStrategy: Sendable, Hashable, CustomStringConvertible {
        case allAtOnce
        case blueGreen
        /// `percent` of traffic to green for `bake`, then all of it.
        case canary(percent: Int, bake: Duration)
        /// `percent` more of traffic to green every `interval`, until all of it.
        case linear(percent: Int, interval: Duration)

        public static let defaultCanary = ReleaseStrategy.canary(percent: 10, bake: .seconds(300))
        public static let defaultLinear = ReleaseStrategy.linear(percent: 10, interval: .seconds(60))

        /// One traffic step: green's share of traffic in percent, and how long to bake there.
        public struct Step: Sendable, Hashable {
            public var greenPercent: Int
            public var bake: Duration

            public init(greenPercent: Int, bake: Duration) {
                self.greenPercent = greenPercent
                self.bake = bake
            }
        }

        /// The shifts in order; the last is always 100 % and bakes `finalBake` (blue still up).
        public func steps(finalBake: Duration) -> [Step] {
            switch self {
            case .allAtOnce:
                [Step(greenPercent: 100, bake: .zero)]
            case .blueGreen:
                [Step(greenPercent: 100, bake: finalBake)]
            case .canary(let percent, let bake):
                [Step(greenPercent: percent, bake: bake), Step(greenPercent: 100, bake: finalBake)]
            case .linear(let percent, let interval):
                stride(from: percent, to: 100, by: percent).map { Step(greenPercent: $0, bake: interval) }
                    + [Step(greenPercent: 100, bake: finalBake)]
            }
        }

        public var description: String {
            switch self {
            case .allAtOnce: "allAtOnce"
            case .blueGreen: "blueGreen"
            case .canary(let percent, let bake): "canary \(percent)% for \(Self.text(bake))"
            case .linear(let percent, let interval): "linear \(percent)% every \(Self.text(interval))"
            }
        }

        /// What went wrong reading a strategy, and how to write it instead.
        public struct ParseError: Error, Sendable, Hashable {
            public var message: String
            public var hint: String
        }

        static let forms = "allAtOnce, blueGreen, canary, linear, 'canary 10% for 5m' or 'linear 25% every 2m'"

        /// Reads `allAtOnce`, `blueGreen`, `canary [P% for D]` or `linear [P% every D]`; durations as `30s`, `5m` or `1h`.
        public init(parsing text: String) throws(ParseError) {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch (words.first, words.count) {
            case ("allAtOnce", 1): self = .allAtOnce
            case ("blueGreen", 1): self = .blueGreen
            case ("canary", 1): self = Self.defaultCanary
            case ("linear", 1): self = Self.defaultLinear
            case ("canary", 4) where words[2] == "for":
                self = .canary(percent: try Self.percent(words[1], in: 1...99), bake: try Self.duration(words[3]))
            case ("linear", 4) where words[2] == "every":
                self = .linear(percent: try Self.percent(words[1], in: 1...50), interval: try Self.duration(words[3]))
            default:
                throw ParseError(message: "'\(text)' is not a release strategy", hint: "write one of: \(Self.forms)")
            }
        }

        private static func percent(_ word: String, in range: ClosedRange<Int>) throws(ParseError) -> Int {
            guard word.hasSuffix("%"), let value = Int(word.dropLast()), range.contains(value) else {
                throw ParseError(
                    message: "'\(word)' is not a traffic share", hint: "a whole percentage from \(range.lowerBound)% to \(range.upperBound)%, such as 10%")
            }
            return value
        }

        /// A bake time as the environment files write it: `30s`, `5m`, `1h` (up to a day).
        public static func duration(_ word: String) throws(ParseError) -> Duration {
            let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
            guard let unit = word.last.flatMap({ units[$0] }), let value = Int64(word.dropLast()), (1...86_400).contains(value * unit) else {
                throw ParseError(message: "'\(word)' is not a bake time", hint: "seconds, minutes or hours up to a day: 30s, 5m, 1h")
            }
            return .seconds(value * unit)
        }

        private static func text(_ duration: Duration) -> String {
            let seconds = duration.components.seconds
            if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
            if seconds % 60 == 0 { return "\(seconds / 60)m" }
            return "\(seconds)s"
        }
    }
}
