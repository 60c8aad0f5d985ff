; Inno Setup 6 script for Kartläggning: installs the one-folder bundle dist\kartlaggning\
; (built by scripts/build-bundle.ps1 or scripts/build-bundle.sh from packaging/kartlaggning.spec).
;
;   iscc /DAppVersion=0.1.0 packaging\windows\kartlaggning.iss
;   -> dist\kartlaggning-<version>-setup.exe
;
; scripts/build-bundle.ps1 -Installer passes AppVersion from kartlaggning.__version__;
; without /DAppVersion the default below is used (tests/test_bundle.py checks it matches).
;
; Per user by default (no administrator rights; {autopf} is then
; %LOCALAPPDATA%\Programs\Kartlaggning). IT can install for all users (C:\Program Files\Kartlaggning).
;
; Silent installation for IT (standard Inno Setup switches):
;   kartlaggning-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /CURRENTUSER
;   kartlaggning-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS        (as administrator)
;     /DIR="D:\Program\Kartlaggning"   another install folder
;     /LOG="C:\Temp\kartlaggning-setup.log"   write a log of the installation
;     /TASKS="desktopicon"   also put an icon on the desktop
;     /LANG=en   English installer (default: Swedish, or the Windows language)
;   Uninstall silently: "%LOCALAPPDATA%\Programs\Kartlaggning\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;   (for an all-users install: "C:\Program Files\Kartlaggning\unins000.exe").
;
; The user's data is NEVER touched by setup or the uninstaller: the encrypted vault, its .keys file and
; backups live in %LOCALAPPDATA%\Kartlaggning, the settings in %APPDATA%\Kartlaggning
; (kartlaggning/paths.py), outside the install folder. This script has no [UninstallDelete] and no [Dirs]
; section on purpose; the uninstaller removes only the files it installed.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Kartläggning"
#define BundleDir "..\..\dist\kartlaggning"
#define GuiExe "kartlaggning.exe"
#define CliExe "kartlaggning-cli.exe"

[Setup]
; Fixed for every version: Windows recognises upgrades and the uninstaller by it. Never change it.
AppId={{79EDC2FC-3C1B-4701-82EE-9EAD0E3E5ABB}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installationsprogram
DefaultDirName={autopf}\Kartlaggning
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=kartlaggning-{#AppVersion}-setup
SetupIconFile=..\..\kartlaggning\resources\icons\kartlaggning.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes
RestartApplications=no

[Languages]
; Swedish.isl ships with Inno Setup 6.3 and later.
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
