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
    ITopicRouter router,
    AccountService accounts,
    AccountDeletion accountDeletion,
    SessionRegistry sessions,
    SessionLog log,
    BrokerMetrics metrics,
    TimeProvider clock,
    IOptions<RateLimitOptions> rateLimits,
    LoginThrottle loginThrottle,
    PasswordReset passwordReset,
    OutboxBudget outboxBudget,
    IOptions<FilesOptions> files,
    IOptions<CallsOptions> calls,
    WriteCoalescer writeCoalescer)
{
    public BrokerOptions Options { get; } = options.Value;
    public Hub Hub { get; } = hub;
    public ITopicRouter Router { get; } = router;
    public AccountService Accounts { get; } = accounts;
    public AccountDeletion AccountDeletion { get; } = accountDeletion;
    public SessionRegistry Sessions { get; } = sessions;
    public SessionLog Log { get; } = log;
    public BrokerMetrics Metrics { get; } = metrics;
    public TimeProvider Clock { get; } = clock;
    public RateLimitOptions RateLimits { get; } = rateLimits.Value;
    public RateLimitSettings DefaultRateLimits { get; } = RateLimitSettings.From(rateLimits.Value);
    public OutboxBudget OutboxBudget { get; } = outboxBudget;
    public LoginThrottle LoginThrottle { get; } = loginThrottle;
    public PasswordReset PasswordReset { get; } = passwordReset;
    public FilesOptions Files { get; } = files.Value;
    public CallsOptions Calls { get; } = calls.Value;
    public WriteCoalescer WriteCoalescer { get; } = writeCoalescer;
}
