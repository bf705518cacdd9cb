using Broker.Auth;
using Broker.Observability;
using Broker.Options;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Sessions;

/// <summary>What a session needs, gathered so that the session's constructor stays small.</summary>
internal sealed class SessionServices(
    IOptions<BrokerOptions> options,
    Hub hub,
    AccountService accounts,
    AccountDeletion accountDeletion,
    SessionRegistry sessions,
    SessionLog log,
    BrokerMetrics metrics,
    TimeProvider clock,
    IOptions<RateLimitOptions> rateLimits,
    LoginThrottle loginThrottle,
    IOptions<FilesOptions> files,
    IOptions<CallsOptions> calls)
{
    public BrokerOptions Options { get; } = options.Value;
    public Hub Hub { get; } = hub;
    public AccountService Accounts { get; } = accounts;
    public AccountDeletion AccountDeletion { get; } = accountDeletion;
    public SessionRegistry Sessions { get; } = sessions;
    public SessionLog Log { get; } = log;
    public BrokerMetrics Metrics { get; } = metrics;
    public TimeProvider Clock { get; } = clock;
    public RateLimitOptions RateLimits { get; } = rateLimits.Value;
    public LoginThrottle LoginThrottle { get; } = loginThrottle;
    public FilesOptions Files { get; } = files.Value;
    public CallsOptions Calls { get; } = calls.Value;
}
