using System.Text.RegularExpressions;

namespace PropConnectors.Samples.AcmeConnector.Tests;

/// <summary>docs/connector-guide.md shows real code: every snippet it marks is a verbatim excerpt of the file it names.</summary>
[TestFixture]
public sealed partial class GuideSnippetsTests
{
    private static readonly string? RepositoryRoot = FindRepositoryRoot();

    public static IEnumerable<TestCaseData> Snippets()
    {
        if (RepositoryRoot is null)
        {
            yield break;
        }

        string guide = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "connector-guide.md"));
        int index = 0;
        foreach (Match match in SnippetPattern().Matches(guide))
        {
            index++;
            yield return new TestCaseData(match.Groups["path"].Value, match.Groups["code"].Value).SetArgDisplayNames($"#{index} {match.Groups["path"].Value}");
        }
    }

    [Test]
    public void Guide_HasSnippets_AtLeastOnePerStep()
    {
        Assert.That(RepositoryRoot, Is.Not.Null, "The repository root (PropConnectors.sln) was not found above the test assembly.");
        Assert.That(Snippets().Count(), Is.GreaterThanOrEqualTo(7));
    }

    [TestCaseSource(nameof(Snippets))]
    public void Guide_Snippet_IsVerbatimExcerptOfTheNamedFile(string path, string code)
    {
        string file = Path.Combine(RepositoryRoot!, path);
        Assert.That(File.Exists(file), Is.True, $"The guide quotes {path}, which does not exist.");

        string[] snippet = Lines(code);
        string[] source = Lines(File.ReadAllText(file));

        Assert.That(snippet, Is.Not.Empty);
        Assert.That(ContainsRun(source, snippet), Is.True, $"The guide's snippet from {path} no longer matches the file. It starts with: {snippet[0]}");
    }

    // Lines compared without indentation or blank lines: re-indenting a quoted region is not drift.
    private static string[] Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static bool ContainsRun(string[] source, string[] run)
    {
        for (int start = 0; start + run.Length <= source.Length; start++)
        {
            if (source.AsSpan(start, run.Length).SequenceEqual(run))
            {
                return true;
            }
        }

        return false;
    }

    private static string? FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PropConnectors.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    [GeneratedRegex(@"<!-- snippet: (?<path>[^ ]+) -->\s*```csharp\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();
}
