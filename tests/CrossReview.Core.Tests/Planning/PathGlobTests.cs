using CrossReview.Planning;

namespace CrossReview.Tests.Planning;

public class PathGlobTests
{
    [Theory]
    [InlineData("*.lock", "yarn.lock", true)]
    [InlineData("*.lock", "deep/dir/Cargo.lock", true)]
    [InlineData("*.lock", "lock.cs", false)]
    [InlineData("dist/", "dist/a.js", true)]
    [InlineData("dist/", "pkg/dist/a/b.js", true)]
    [InlineData("dist/", "dist", false)]
    [InlineData("dist/", "distribution/a.js", false)]
    [InlineData("node_modules", "web/node_modules/x/index.js", true)]
    [InlineData("docs/*.md", "docs/a.md", true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false)]
    [InlineData("docs/*.md", "src/docs/a.md", false)]
    [InlineData("docs/**/*.md", "docs/a.md", true)]
    [InlineData("docs/**/*.md", "docs/x/y/a.md", true)]
    [InlineData("**/test/*.cs", "a/b/test/x.cs", true)]
    [InlineData("/build.sh", "build.sh", true)]
    [InlineData("/build.sh", "tools/build.sh", false)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file12.txt", false)]
    [InlineData("a+b.txt", "a+b.txt", true)]
    [InlineData("*.Designer.cs", "Form.designer.cs", false)]
    public void IsMatch_GitignoreStyle(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new PathGlob(pattern).IsMatch(path));
    }
}
