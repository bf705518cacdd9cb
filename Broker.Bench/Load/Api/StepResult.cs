namespace Broker.Bench.Load.Api;

/// <summary>How a step ended: ok, or failed with a status (a ctrl code such as <c>429</c>, or a word) for the report.</summary>
internal readonly record struct StepResult(bool IsOk, string Status)
{
    public static StepResult Ok() => new(true, "ok");

    public static StepResult Fail(string status) => new(false, status);

    /// <summary>Ok for a 2xx <c>{ctrl}</c> code, else failed with the code as status.</summary>
    public static StepResult FromCode(int code) => code is >= 200 and < 300 ? Ok() : Fail(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
