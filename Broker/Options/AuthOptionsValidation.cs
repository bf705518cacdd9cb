using Microsoft.Extensions.Options;

namespace Broker.Options;

/// <summary>Refuses start-up when a required credential cannot be delivered or external login is half configured.</summary>
internal sealed class AuthOptionsValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
