namespace Broker.Topics;

/// <summary>The parts a <c>{get}</c> asks for, parsed from its space-separated <c>what</c>.</summary>
[Flags]
internal enum GetParts
{
    None = 0,
    Desc = 1,
    Sub = 2,
    Data = 4,
    Del = 8,
    Tags = 16,
    Cred = 32,
    Aux = 64,
}
