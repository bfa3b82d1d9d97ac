using System.Globalization;
using System.Runtime.CompilerServices;
using PropConnectors.Results;

namespace PropConnectors.Routing.Execution;

/// <summary>The one-line <see cref="ExecutionResult.Details"/> of a task.</summary>
internal static class TaskSummary
{
    public static string Of(bool dryRun, IReadOnlyList<ConnectorResult> results, string? orderError, string? noTarget)
    {
        if (noTarget is not null)
        {
            return dryRun ? ExecutionRouter.DryRunDetails + "; " + noTarget : "not routed: " + noTarget;
        }

        int succeeded = 0;
        bool sent = false;
        for (int i = 0; i < results.Count; i++)
        {
            succeeded += results[i].Status == ConnectorStatus.Success ? 1 : 0;
            sent |= results[i].Attempts > 0;
        }

        if (dryRun && !sent)
        {
            return ExecutionRouter.DryRunDetails;
        }

        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        if (orderError is not null)
        {
            text.AppendLiteral("invalid order payload (");
            text.AppendFormatted(orderError);
            text.AppendLiteral("); ");
        }

        text.AppendLiteral("routed to ");
        text.AppendFormatted(succeeded);
        text.AppendLiteral(" of ");
        text.AppendFormatted(results.Count);
        bool accounts = results.Any(r => r.Account is not null);
        text.AppendLiteral((results.Count, accounts) switch { (1, false) => " firm: ", (_, false) => " firms: ", (1, true) => " account: ", _ => " accounts: " });
        for (int i = 0; i < results.Count; i++)
        {
            ConnectorResult r = results[i];
            text.AppendLiteral(i == 0 ? string.Empty : ", ");
            text.AppendFormatted(r.FirmCode);
            if (r.Account is not null)
            {
                text.AppendLiteral(":");
                text.AppendFormatted(r.Account);
            }

            text.AppendLiteral(" ");
            text.AppendFormatted(r.Status.ToWireName());
            if (r.ErrorCode is not null)
            {
                text.AppendLiteral(" (");
                text.AppendFormatted(r.ErrorCode);
                text.AppendLiteral(")");
            }
        }

        return text.ToStringAndClear();
    }
}
