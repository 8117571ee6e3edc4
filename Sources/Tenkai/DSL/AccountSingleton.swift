import TenkaiCore

/// Who owns a resource there can be only one of per account and region (a GuardDuty detector,
/// the Security Hub subscription, the AWS Config recorder, API Gateway's logging role).
///
/// Under AWS Organizations these usually exist already, enabled by the organization's delegated
/// administrator, and creating a second one fails the stack with a message that names neither
/// the setting nor the fix. So each system's environment settings say, per singleton, whether
/// this system creates it or relies on the one the account has:
///
/// ```yaml
/// systems:
///   fileshare:
///     guardDuty: existing      # the organization's delegated administrator enables it
///     securityHub: create
/// ```
///
/// The default is `create`, right for a stand-alone account; deploy's account check
/// (`AccountSingletonCheck` in TenkaiDeploy) refuses, before any change, to create one the
/// account already has, and says which setting to change.
public enum AccountSingleton: String, Sendable, Hashable, CaseIterable {
    /// This system creates it (and it must not exist yet).
    case create
    /// The account already has it; this system neither creates nor changes it.
    case existing
}

/// `create` or `existing`, as a system's settings write it; anything else is an error at its line.
extension AccountSingleton: SettingChoice {}
