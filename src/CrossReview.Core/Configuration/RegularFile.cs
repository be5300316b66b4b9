using System.Runtime.InteropServices;

namespace CrossReview.Configuration;

/// <summary>
/// Whether a path is a regular file, asked before it is opened: opening a FIFO blocks until someone writes to it and a
/// device such as <c>/dev/zero</c> never ends, so a config file that is either must be refused unopened. .NET exposes
/// no file type on Unix, so this asks the runtime's own native shim, whose <c>FileStatus</c> starts with flags and the
/// mode in a fixed, platform-independent layout.
/// </summary>
internal static class RegularFile
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>True for a regular file (after following symlinks); false for a FIFO, device, socket, folder or nothing.</summary>
    public static bool Is(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.Device);
        }

        return Stat(path, out var status) == 0 && (status.Mode & TypeMask) == Regular;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out NativeFileStatus status);

    /// <summary>The start of the shim's <c>FileStatus</c>; the size leaves room for the fields this does not read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct NativeFileStatus
    {
        public int Flags;
        public int Mode;
    }
}
