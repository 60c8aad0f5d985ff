# Builds dist\kartlaggning\ on Windows from packaging\kartlaggning.spec, like
# scripts/build-bundle.sh does (which also runs from Git Bash), and with -Installer
# the Inno Setup 6 installer dist\kartlaggning-<version>-setup.exe.
#
#   powershell -ExecutionPolicy Bypass -File scripts\build-bundle.ps1 [-Installer]
#
# Needs Python 3.11 (the py launcher) and, for -Installer, Inno Setup 6 (ISCC.exe).
param([switch]$Installer, [string]$Python = "py")
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$repo = (Get-Location).Path
$start = Get-Date

function Invoke-Checked { & $args[0] $args[1..($args.Length - 1)]; if ($LASTEXITCODE) { throw "failed: $args" } }

$venv = Join-Path $repo ".venv-bundle"
$vpython = Join-Path $venv "Scripts\python.exe"
if (-not (Test-Path $vpython)) {
    if ($Python -eq "py") { Invoke-Checked py -3.11 -m venv $venv } else { Invoke-Checked $Python -m venv $venv }
}
$pip = @("-m", "pip", "install", "-q", "--disable-pip-version-check")
Invoke-Checked $vpython @pip --require-hashes -r packaging\requirements-bundle.txt
Invoke-Checked $vpython @pip --require-hashes -r requirements.lock
Invoke-Checked $vpython @pip --no-deps --no-build-isolation --force-reinstall .

# From build\pyinstaller, so the analysis imports the installed package, not .\kartlaggning.
New-Item -ItemType Directory -Force build\pyinstaller | Out-Null
Push-Location build\pyinstaller
try {
    Invoke-Checked $vpython -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath "$repo\dist" --workpath "$repo\build\pyinstaller" "$repo\packaging\kartlaggning.spec"
} finally { Pop-Location }

foreach ($exe in "kartlaggning.exe", "kartlaggning-cli.exe") {
    if (-not (Test-Path "dist\kartlaggning\$exe")) { throw "dist\kartlaggning\$exe is missing" }
}
$bytes = (Get-ChildItem -Recurse -File dist\kartlaggning | Measure-Object -Sum Length).Sum
"Bundle: dist\kartlaggning, {0:N0} MB, built in {1:N0} s" -f ($bytes / 1MB), ((Get-Date) - $start).TotalSeconds

if ($Installer) {
    $version = (Select-String -Path kartlaggning\__init__.py -Pattern '^__version__\s*=\s*"([^"]+)"').Matches[0].Groups[1].Value
    $iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
    if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
    Invoke-Checked $iscc "/DAppVersion=$version" packaging\windows\kartlaggning.iss
}
