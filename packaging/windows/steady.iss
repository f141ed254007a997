; Inno Setup script for Steady's Windows installer (built by .github/workflows/bundles.yml
; from PyInstaller's one-folder bundle in dist\steady). Untested here: see packaging/README.md.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B7C2F0E-3E1D-4C55-9A8E-5E2D1A7C4B10}
AppName=Steady
AppVersion={#AppVersion}
AppPublisher=The Steady developers
DefaultDirName={autopf}\Steady
DefaultGroupName=Steady
DisableProgramGroupPage=yes
; Per-user install by default: no administrator rights needed.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=steady-{#AppVersion}-windows-setup
SetupIconFile=..\icons\steady.ico
UninstallDisplayIcon={app}\steady.exe
LicenseFile=..\..\LICENSE
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\steady\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Steady"; Filename: "{app}\steady.exe"
Name: "{autodesktop}\Steady"; Filename: "{app}\steady.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\steady.exe"; Description: "{cm:LaunchProgram,Steady}"; Flags: nowait postinstall skipifsilent
