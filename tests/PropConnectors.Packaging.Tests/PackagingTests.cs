using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

namespace PropConnectors.Packaging.Tests;

/// <summary>
/// The src projects work as NuGet packages: <c>dotnet pack</c> (once, in OneTimeSetUp) yields a package and a symbols
/// package per project with complete metadata, the README and XML docs, built deterministically; and a fresh console
/// app outside the repository, with nothing but NuGet, references FTMO, Apex and Routing by version and routes a task.
/// </summary>
/// <remarks>
/// Slow (it builds every package and an app): about a minute on two cores. Every package gets a version no earlier run
/// used, so a stale package in the machine's NuGet cache can never be what is tested; the cache entries it creates are
/// removed afterwards.
/// </remarks>
[TestFixture]
[Category("Packaging")]
public sealed class PackagingTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private static readonly string? RepositoryRoot = FindRepositoryRoot();
    private static readonly string[] ExpectedFirms = ["FTMO", "APEX"];

    private readonly string _version = $"0.1.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
    private string _work = null!;
    private string _feed = null!;

    /// <summary>Every project under src/, by package id.</summary>
    public static IEnumerable<string> SrcPackages =>
        RepositoryRoot is null
            ? []
            : Directory.GetDirectories(Path.Combine(RepositoryRoot, "src"))
                .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal)!;

    [OneTimeSetUp]
    public async Task PackEverySrcProjectAsync()
    {
        Assert.That(RepositoryRoot, Is.Not.Null, "The repository root (PropConnectors.sln) was not found above the test assembly.");
        _work = Path.Combine(Path.GetTempPath(), "propconnectors-pkgtest-" + Guid.NewGuid().ToString("N"));
        _feed = Path.Combine(_work, "feed");
        string artifacts = Path.Combine(_work, "artifacts");
        Directory.CreateDirectory(_feed);

        var stopwatch = Stopwatch.StartNew();
        foreach (string id in SrcPackages)
        {
            // --artifacts-path keeps this Release build out of the repository's bin/ and obj/, where others build.
            (int exitCode, string output) = await DotnetCli.RunAsync(
                RepositoryRoot!,
                CommandTimeout,
                "pack", Path.Combine("src", id, id + ".csproj"),
                "-c", "Release",
                "-o", _feed,
                "--artifacts-path", artifacts,
                $"-p:Version={_version}",
                "-nodeReuse:false",
                "-p:UseSharedCompilation=false");
            Assert.That(exitCode, Is.Zero, $"dotnet pack {id} failed:{Environment.NewLine}{output}");
        }

        await TestContext.Progress.WriteLineAsync($"Packed {SrcPackages.Count()} packages ({_version}) in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
    }

    [OneTimeTearDown]
    public void RemoveFeedAndCachedPackages()
    {
        if (_work is not null && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in SrcPackages)
        {
            string cached = Path.Combine(cache, id.ToLowerInvariant(), _version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
                string folder = Path.GetDirectoryName(cached)!;
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
        }
    }

    [TestCaseSource(nameof(SrcPackages))]
    public void Pack_SrcProject_PackageHasMetadataReadmeDocsAndSymbols(string id)
    {
        string package = Path.Combine(_feed, $"{id}.{_version}.nupkg");
        string symbols = Path.Combine(_feed, $"{id}.{_version}.snupkg");
        Assert.That(File.Exists(package), Is.True, $"{package} was not produced.");
        Assert.That(File.Exists(symbols), Is.True, $"{symbols} (the symbols package) was not produced.");

        using ZipArchive nupkg = ZipFile.OpenRead(package);
        XElement metadata = Nuspec(nupkg, id);
        XNamespace ns = metadata.Name.Namespace;
        byte[] readme = Read(nupkg, "README.md");
        byte[] assembly = Read(nupkg, $"lib/net10.0/{id}.dll");
        XDocument docs = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Read(nupkg, $"lib/net10.0/{id}.xml")));
        using ZipArchive snupkg = ZipFile.OpenRead(symbols);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.Element(ns + "id")?.Value, Is.EqualTo(id));
            Assert.That(metadata.Element(ns + "version")?.Value, Is.EqualTo(_version));
            Assert.That(metadata.Element(ns + "description")?.Value, Has.Length.GreaterThan(40), "A description that says what the package is for.");
            Assert.That(metadata.Element(ns + "license")?.Attribute("type")?.Value, Is.EqualTo("expression"));
            Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "tags")?.Value.Split(' '), Does.Contain("prop-firm"));
            Assert.That(metadata.Element(ns + "authors")?.Value, Is.Not.Empty);
            Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
            Assert.That(readme, Is.EqualTo(File.ReadAllBytes(Path.Combine(RepositoryRoot!, "README.md"))), "The package README is the repository's README.");
            Assert.That(docs.Descendants("member").Count(), Is.GreaterThan(5), "The XML documentation of the public API is in the package.");
            Assert.That(IsDeterministic(assembly), Is.True, "The assembly was built deterministically (its debug directory has a Reproducible entry).");
            Assert.That(snupkg.GetEntry($"lib/net10.0/{id}.pdb"), Is.Not.Null, "The symbols package holds the portable PDB.");
            if (id != "PropConnectors.Abstractions")
            {
                string?[] sdk = [.. metadata.Descendants(ns + "dependency").Where(d => d.Attribute("id")?.Value.StartsWith("PropConnectors.", StringComparison.Ordinal) == true).Select(d => d.Attribute("version")?.Value)];
                Assert.That(sdk, Is.Not.Empty.And.All.EqualTo(_version), "The package depends on the SDK's other packages (Abstractions, Http, ...) of the same version.");
            }
        }
    }

    [Test]
    public async Task FreshConsoleApp_ReferencesPackagesByVersionOnly_RoutesTaskInDryRun()
    {
        string app = Path.Combine(_work, "app");
        Assert.That(app, Does.Not.StartWith(RepositoryRoot!), "The app lives outside the repository: nothing of the repository's build applies to it.");
        WriteConsoleApp(app);

        var stopwatch = Stopwatch.StartNew();
        (int buildExit, string buildOutput) = await DotnetCli.RunAsync(app, CommandTimeout, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.That(buildExit, Is.Zero, $"The app did not build from the packages:{Environment.NewLine}{buildOutput}");
        (int runExit, string runOutput) = await DotnetCli.RunAsync(app, TimeSpan.FromMinutes(1), Path.Combine(app, "bin", "Release", "net10.0", "PackageConsumer.dll"));
        await TestContext.Progress.WriteLineAsync($"Built and ran the package consumer in {stopwatch.Elapsed.TotalSeconds:0.0} s.");
        Assert.That(runExit, Is.Zero, $"The app failed:{Environment.NewLine}{runOutput}");

        string assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
        using JsonDocument result = JsonDocument.Parse(runOutput.Trim().Split('\n')[^1]);
        JsonElement root = result.RootElement;
        JsonElement[] connectorResults = [.. root.GetProperty("connector_results").EnumerateArray()];

        using (Assert.EnterMultipleScope())
        {
            foreach (string id in new[] { "PropConnectors.Abstractions", "PropConnectors.Ftmo", "PropConnectors.Apex", "PropConnectors.Routing" })
            {
                Assert.That(assets, Does.Contain($"\"{id}/{_version}\""), $"{id} {_version} came from the package feed.");
            }

            Assert.That(root.GetProperty("task_id").GetString(), Is.EqualTo("task-42"));
            Assert.That(root.GetProperty("dry_run").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("routed").GetBoolean(), Is.False);
            Assert.That(connectorResults.Select(r => r.GetProperty("firm_code").GetString()), Is.EquivalentTo(ExpectedFirms));
            Assert.That(connectorResults.Select(r => r.GetProperty("status").GetString()), Is.All.EqualTo("SKIPPED"));
            Assert.That(connectorResults.Select(r => r.GetProperty("error_code").GetString()), Is.All.EqualTo("GLOBAL_DRY_RUN_ENABLED"));
            Assert.That(connectorResults.Select(r => r.GetProperty("attempts").GetInt32()), Is.All.Zero);
            Assert.That(runOutput, Does.Not.Contain("pkgtest-secret"), "CONTRACT §9: the API keys set in the app never reach its output.");
        }
    }

    private void WriteConsoleApp(string app)
    {
        Directory.CreateDirectory(app);

        // Stop MSBuild and NuGet from looking above the app for a Directory.*.props of anyone's.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />\n");

        // The local feed is added to the machine's sources (which reach nuget.org), not instead of them.
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="propconnectors-pkgtest" value="{_feed}" />
              </packageSources>
            </configuration>
            """);

        File.WriteAllText(Path.Combine(app, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PropConnectors.Ftmo" Version="{_version}" />
                <PackageReference Include="PropConnectors.Apex" Version="{_version}" />
                <PackageReference Include="PropConnectors.Routing" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(app, "Program.cs"), """"
            using Microsoft.Extensions.DependencyInjection;
            using PropConnectors.Routing;

            // An application with nothing but the NuGet packages: FTMO and Apex configured in code, dry-run at its default (on).
            var services = new ServiceCollection();
            services.AddPropConnectors()
                .AddFtmo(o => { o.Enabled = true; o.ApiKey = "pkgtest-secret-ftmo-0123456789"; o.BaseUrl = "https://api.ftmo.example/v1"; })
                .AddApex(o => { o.Enabled = true; o.ApiKey = "pkgtest-secret-apex-0123456789"; o.BaseUrl = "https://api.apex.example/v1"; })
                .AddRouting();

            await using ServiceProvider provider = services.BuildServiceProvider();
            IExecutionRouter router = provider.GetRequiredService<IExecutionRouter>();
            ExecutionResult result = await router.ExecuteAsync(ExecutionJson.Parse(
                """
                {
                  "id": "task-42",
                  "trade_id": "T-2025-11-22-001",
                  "event_type": "ENTRY",
                  "payload": {
                    "symbol": "NQ", "side": "BUY", "quantity": 1, "order_type": "MARKET",
                    "entry_price": 4156.25, "stop_loss": 4150.00, "firm_codes": ["FTMO", "APEX"]
                  }
                }
                """));
            Console.WriteLine(ExecutionJson.Serialize(result));
            """");
    }

    private static XElement Nuspec(ZipArchive nupkg, string id)
    {
        ZipArchiveEntry entry = nupkg.GetEntry(id + ".nuspec") ?? throw new AssertionException($"{id}.nuspec is missing from the package.");
        using Stream stream = entry.Open();
        XElement package = XDocument.Load(stream).Root!;
        return package.Element(package.Name.Namespace + "metadata") ?? throw new AssertionException("The nuspec has no metadata.");
    }

    private static byte[] Read(ZipArchive archive, string path)
    {
        ZipArchiveEntry entry = archive.GetEntry(path) ?? throw new AssertionException($"{path} is missing from the package.");
        using Stream stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool IsDeterministic(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        return pe.ReadDebugDirectory().Any(entry => entry.Type == DebugDirectoryEntryType.Reproducible);
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
}
