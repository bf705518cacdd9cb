namespace Broker.Storage;

public enum UserState
{
    Ok = 0,
    Suspended = 1,
    Deleted = 2,
}
